"""The portal's dates and times in every screen, /banco/ included (SPEC "Everywhere"):
`2018/08/01` and `10:05`, 24 hours, whatever the language."""

DATE_FORMAT = SHORT_DATE_FORMAT = "Y/m/d"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "Y/m/d H:i"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%Y/%m/%d", "%Y-%m-%d", "%d/%m/%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = ["%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
