"""Benefits owed but not received (应享未享): the P rules over the rules' fact table, ``fupin
gaps``, the gap list, and the policy catalogue's rows.

The ``Policy`` and ``Grant`` models stay in ``registry`` for now: the national registry workbook
(spec/interchange.md) carries the 享受政策 sheet, and its all-or-nothing import writes the grants
in the same transaction as the households. Moving the models here would have registry depend on
benefits while benefits depends on registry; benefits reads them from below instead."""
