"""The parameters of a year's standard (rules.md §2, §5), each defined once: its name (the model
field, the key of ``resolve``, the command-line flag), its Chinese label, its kind, its bounds, its
built-in default and the alert rules whose 阈值 it is. The form, the command line, the resolution
of the values in force, the fact table's whole-number scales and the standard a stored alert
records are all read from here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

Value = Decimal | int


@dataclass(frozen=True)
class Kind:
    """What a parameter's values are, and how the fact table carries them as whole numbers."""

    name: str
    decimal_places: int
    # The fact table holds value × scale as an integer (cents, basis points), so that the rules
    # compare integers.
    scale: int

    @property
    def step(self) -> Decimal:
        """The smallest difference between two values: 0.01 yuan, one basis point, one."""
        return Decimal(1).scaleb(-self.decimal_places)

    def value(self, number: Decimal) -> Value:
        return int(number) if self.decimal_places == 0 else number


MONEY = Kind("money", decimal_places=2, scale=100)
SHARE = Kind("share", decimal_places=4, scale=10_000)
COUNT = Kind("count", decimal_places=0, scale=1)


@dataclass(frozen=True)
class Parameter:
    name: str
    label: str
    kind: Kind
    unit: str  # written after a value ("元/人·年", "天"); empty for a share
    minimum: Decimal
    maximum: Decimal
    help: str
    default: Value | None = None  # rules.md §2 "Other defaults"; the lines have none
    alert_rules: tuple[str, ...] = ()  # the alerts (rules.md §5) whose 阈值 comes from it

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def bounds(self) -> str:
        """The values allowed, in words: "应为正数且不超过 1000000 元", "应在 50–120 岁之间"."""
        top = f"{self.maximum}{' ' + self.unit if self.unit else ''}"
        if self.minimum == self.kind.step:
            return f"应为正数且不超过 {top}"
        return f"应在 {self.minimum}–{top}之间"

    @property
    def details(self) -> str:
        """The help of the form's field and of the command-line flag: use, unit, default."""
        parts = [self.help]
        if self.unit:
            parts.append(f"单位：{self.unit}")
        if self.default is not None:
            parts.append(f"默认 {self.default}")
        return "；".join(parts)

    def parse(self, text: str) -> Value:
        """A value as written on the command line ("8,700" is 8700); ValueError in Chinese."""
        try:
            number = Decimal(text.replace(",", "").strip())
        except InvalidOperation:
            raise ValueError(f"{self.label}不是数：{text}") from None
        if not number.is_finite():
            raise ValueError(f"{self.label}不是数：{text}")
        return number

    def refusal(self, value: Value) -> str | None:
        """Why ``value`` cannot be set (in Chinese), or None when it can."""
        number = Decimal(value)
        if not number.is_finite():
            return f"{self.label}不是数（给出的是 {value}）"
        if not self.minimum <= number <= self.maximum:
            return f"{self.label}{self.bounds}（给出的是 {value}）"
        if number != number.quantize(self.kind.step):
            places = self.kind.decimal_places
            shape = "应为整数" if places == 0 else f"最多 {places} 位小数"
            return f"{self.label}{shape}（给出的是 {value}）"
        return None

    def value(self, value: Value) -> Value:
        """``value`` as the model stores it: an int for a count, a Decimal otherwise."""
        return self.kind.value(Decimal(value))


LINE_MAXIMUM = Decimal("1000000")

PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "poverty_line",
        "扶贫标准",
        MONEY,
        "元/人·年",
        Decimal("0.01"),
        LINE_MAXIMUM,
        "人均纯收入须高于此线才算收入达标（E1）",
    ),
    Parameter(
        "monitoring_line",
        "防返贫监测范围",
        MONEY,
        "元/人·年",
        Decimal("0.01"),
        LINE_MAXIMUM,
        "人均纯收入低于此线即预警（M01）",
        alert_rules=("M01",),
    ),
    Parameter(
        "medical_amount",
        "医疗支出预警金额",
        MONEY,
        "元",
        Decimal("0.01"),
        LINE_MAXIMUM,
        "回溯期内医疗支出达到此数（或家庭纯收入的一定比例，取小者）即预警（M03）",
        default=Decimal("10000"),
        alert_rules=("M03",),
    ),
    Parameter(
        "loss_amount",
        "灾害意外损失预警金额",
        MONEY,
        "元",
        Decimal("0.01"),
        LINE_MAXIMUM,
        "回溯期内灾害、意外损失达到此数（或家庭纯收入的一定比例，取小者）即预警（M04）",
        default=Decimal("10000"),
        alert_rules=("M04",),
    ),
    Parameter(
        "income_share",
        "支出占家庭纯收入比例",
        SHARE,
        "",
        Decimal("0.0001"),
        Decimal(1),
        "医疗支出、灾害意外损失达到家庭纯收入的此比例即预警（M03、M04），为 0–1 之间的小数",
        default=Decimal("0.5"),
    ),
    Parameter(
        "drop_share",
        "收入下降预警比例",
        SHARE,
        "",
        Decimal("0.0001"),
        Decimal(1),
        "家庭纯收入比上年下降此比例以上即预警（M02），为 0–1 之间的小数",
        default=Decimal("0.3"),
        alert_rules=("M02",),
    ),
    Parameter(
        "old_age",
        "高龄津贴年龄",
        COUNT,
        "岁",
        Decimal(50),
        Decimal(120),
        "年满此年龄的人应享受高龄津贴（GLBT）",
        default=80,
    ),
    Parameter(
        "lookback_days",
        "事件回溯天数",
        COUNT,
        "天",
        Decimal(1),
        Decimal(3650),
        "预警统计参考日期前多少天内的事件（M03–M05）",
        default=365,
    ),
    Parameter(
        "dividend_property",
        "收益分红计入财产性收入",
        COUNT,
        "",
        Decimal(0),
        Decimal(1),
        "发放的产业项目收益分红是否计入农户当年的财产性收入：1 计入，0 不计入",
        default=1,
    ),
)

PARAMETERS_BY_NAME: dict[str, Parameter] = {parameter.name: parameter for parameter in PARAMETERS}

# Which parameter each alert rule's 阈值 comes from; the other rules have fixed thresholds.
ALERT_THRESHOLDS: dict[str, str] = {
    rule: parameter.name for parameter in PARAMETERS for rule in parameter.alert_rules
}
