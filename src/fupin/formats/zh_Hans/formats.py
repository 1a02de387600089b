"""zh-hans formats for fupin: dates as 2020-04-16 (the form of government tables and of the
interchange files), and thousands grouped by three with commas, as statistical tables print them.
Everything not set here falls back to Django's zh_Hans formats."""

DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
