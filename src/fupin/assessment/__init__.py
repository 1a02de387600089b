"""Exit assessment: a household's criteria E1–E7 and a village's exit (出列), over the rules'
fact table; ``fupin assess``, ``fupin villages`` and the village page."""
