"""Return-to-poverty alerts: the M rules over the fact table, their stored runs and alerts, the
alert list. Opening leads from a stored run is the monitoring workflow's part, one layer up:
nothing here imports ``fupin.monitoring``."""
