"""Charts of accounts as data: the Bulgarian chart that Bulgarian companies use in practice and a
short generic one. ``chart_load_preset`` (finance.services) writes a preset into an empty chart.

Each row is ``(number, English name, Bulgarian name, type, flags)``; the parent of an account is
the longest other number that is a prefix of it ("4531" is under "453", "453" under "45", "45"
under "4"). Flags: ``G`` a group (cannot be posted to), ``P`` needs a partner, ``D`` needs a
department. Types: asset, liability, equity, income, expense.
"""

from __future__ import annotations

from dataclasses import dataclass

ASSET = "asset"
LIABILITY = "liability"
EQUITY = "equity"
INCOME = "income"
EXPENSE = "expense"
TYPES = (ASSET, LIABILITY, EQUITY, INCOME, EXPENSE)
#: Types whose balance is normally on the debit side; the others are credit-normal.
DEBIT_NORMAL = frozenset({ASSET, EXPENSE})
#: Types whose balances the year-end closing moves to retained earnings.
RESULT_TYPES = frozenset({INCOME, EXPENSE})


@dataclass(frozen=True)
class PresetAccount:
    number: str
    name: str
    name_bg: str
    type: str
    is_group: bool = False
    needs_partner: bool = False
    needs_department: bool = False


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    accounts: tuple[PresetAccount, ...]
    #: Where the year-end closing moves the year's result.
    retained_earnings: str
    #: The cash and bank accounts the dashboard shows.
    cash_accounts: tuple[str, ...]

    def parent_of(self, number: str) -> str | None:
        numbers = {a.number for a in self.accounts}
        for length in range(len(number) - 1, 0, -1):
            if number[:length] in numbers:
                return number[:length]
        return None


def _rows(rows: list[tuple[str, str, str, str, str]]) -> tuple[PresetAccount, ...]:
    return tuple(
        PresetAccount(
            number=number,
            name=name,
            name_bg=name_bg,
            type=kind,
            is_group="G" in flags,
            needs_partner="P" in flags,
            needs_department="D" in flags,
        )
        for number, name, name_bg, kind, flags in rows
    )


A, L, E, R, X = ASSET, LIABILITY, EQUITY, INCOME, EXPENSE

BULGARIAN = Preset(
    key="bg",
    label="Bulgaria: national chart of accounts",
    retained_earnings="123",
    cash_accounts=("501", "502", "503", "504"),
    accounts=_rows(
        [
            ("1", "Capital accounts", "Сметки за капитали", E, "G"),
            ("10", "Capital", "Капитал", E, "G"),
            ("101", "Share capital", "Основен капитал", E, ""),
            ("11", "Reserves", "Резерви", E, "G"),
            ("111", "Statutory reserves", "Законови резерви", E, ""),
            ("119", "Other reserves", "Други резерви", E, ""),
            ("12", "Financial result", "Финансови резултати", E, "G"),
            ("121", "Uncovered loss from prior years", "Непокрита загуба от минали години", E, ""),
            (
                "122",
                "Retained earnings from prior years",
                "Неразпределена печалба от минали години",
                E,
                "",
            ),
            (
                "123",
                "Profit and loss of the current year",
                "Печалби и загуби от текущата година",
                E,
                "",
            ),
            ("15", "Loans received", "Получени заеми", L, "G"),
            ("151", "Short-term bank loans", "Получени краткосрочни заеми", L, ""),
            ("152", "Long-term bank loans", "Получени дългосрочни заеми", L, ""),
            ("2", "Fixed assets", "Сметки за дълготрайни активи", A, "G"),
            ("20", "Tangible fixed assets", "Дълготрайни материални активи", A, "G"),
            ("201", "Land", "Земи (терени)", A, ""),
            ("203", "Buildings", "Сгради и конструкции", A, ""),
            ("204", "Machinery and equipment", "Машини и оборудване", A, ""),
            ("205", "Computer equipment", "Компютърна техника", A, ""),
            ("206", "Vehicles", "Транспортни средства", A, ""),
            ("207", "Fixtures and fittings", "Стопански инвентар", A, ""),
            ("21", "Intangible assets", "Дълготрайни нематериални активи", A, "G"),
            ("214", "Software", "Програмни продукти", A, ""),
            ("24", "Depreciation", "Амортизация", A, "G"),
            (
                "241",
                "Depreciation of tangible fixed assets",
                "Амортизация на дълготрайни материални активи",
                A,
                "",
            ),
            (
                "242",
                "Amortisation of intangible assets",
                "Амортизация на дълготрайни нематериални активи",
                A,
                "",
            ),
            ("3", "Inventories", "Сметки за материални запаси", A, "G"),
            ("30", "Inventories", "Материални запаси", A, "G"),
            ("301", "Purchases in transit", "Доставки", A, ""),
            ("302", "Materials", "Материали", A, ""),
            ("303", "Finished goods", "Продукция", A, ""),
            ("304", "Goods for resale", "Стоки", A, ""),
            ("4", "Settlements", "Сметки за разчети", L, "G"),
            ("40", "Settlements with suppliers", "Разчети с доставчици", L, "G"),
            ("401", "Suppliers", "Доставчици", L, "P"),
            ("402", "Advances to suppliers", "Доставчици по аванси", A, "P"),
            ("41", "Settlements with customers", "Разчети с клиенти", A, "G"),
            ("411", "Customers", "Клиенти", A, "P"),
            ("412", "Advances from customers", "Клиенти по аванси", L, "P"),
            ("42", "Settlements with staff", "Разчети с персонала", L, "G"),
            ("421", "Staff: salaries payable", "Персонал", L, ""),
            ("422", "Accountable persons", "Подотчетни лица", A, ""),
            ("425", "Other settlements with staff", "Други разчети с персонала", L, ""),
            ("45", "Settlements with the budget", "Разчети с бюджета", L, "G"),
            ("452", "Corporate income tax", "Разчети за данъци върху печалбата", L, ""),
            ("453", "Value added tax", "Разчети за данък върху добавената стойност", L, "G"),
            ("4531", "VAT on purchases", "Начислен ДДС за покупките", L, ""),
            ("4532", "VAT on sales", "Начислен ДДС за продажбите", L, ""),
            ("4538", "VAT payable", "ДДС за внасяне", L, ""),
            ("4539", "VAT refundable", "ДДС за възстановяване", L, ""),
            (
                "454",
                "Personal income tax withheld",
                "Разчети за данъци върху доходите на физически лица",
                L,
                "",
            ),
            ("456", "Local taxes and fees", "Разчети за местни данъци и такси", L, ""),
            ("46", "Social security", "Разчети за осигуровки", L, "G"),
            ("461", "State social security", "Разчети с Държавното обществено осигуряване", L, ""),
            ("462", "Health insurance", "Разчети за здравно осигуряване", L, ""),
            (
                "463",
                "Supplementary pension insurance",
                "Разчети за допълнително задължително пенсионно осигуряване",
                L,
                "",
            ),
            ("49", "Sundry debtors and creditors", "Разни дебитори и кредитори", L, "G"),
            ("498", "Other debtors", "Други дебитори", A, "P"),
            ("499", "Other creditors", "Други кредитори", L, "P"),
            ("5", "Cash and bank", "Сметки за парични средства", A, "G"),
            ("50", "Cash and bank", "Парични средства", A, "G"),
            ("501", "Cash on hand", "Каса", A, ""),
            ("502", "Cash in foreign currency", "Каса във валута", A, ""),
            ("503", "Bank current account", "Разплащателна сметка", A, ""),
            ("504", "Bank account in foreign currency", "Разплащателна сметка във валута", A, ""),
            ("6", "Expenses", "Сметки за разходи", X, "G"),
            ("60", "Operating expenses by nature", "Разходи по икономически елементи", X, "G"),
            ("601", "Materials", "Разходи за материали", X, "D"),
            ("602", "External services", "Разходи за външни услуги", X, "D"),
            ("603", "Depreciation", "Разходи за амортизация", X, "D"),
            ("604", "Salaries", "Разходи за заплати (възнаграждения)", X, "D"),
            ("605", "Social security contributions", "Разходи за осигуровки", X, "D"),
            ("606", "Taxes and fees", "Разходи за данъци, такси и други подобни плащания", X, "D"),
            ("609", "Other expenses", "Други разходи", X, "D"),
            ("62", "Financial expenses", "Финансови разходи", X, "G"),
            ("621", "Interest expense", "Разходи за лихви", X, ""),
            (
                "624",
                "Foreign exchange losses",
                "Отрицателни разлики от промяна на валутни курсове",
                X,
                "",
            ),
            ("629", "Other financial expenses", "Други финансови разходи", X, ""),
            ("7", "Income", "Сметки за приходи", R, "G"),
            ("70", "Sales", "Приходи от продажби", R, "G"),
            ("701", "Sales of finished goods", "Приходи от продажби на продукция", R, "D"),
            ("702", "Sales of goods", "Приходи от продажби на стоки", R, "D"),
            ("703", "Sales of services", "Приходи от продажби на услуги", R, "D"),
            ("704", "Rental income", "Приходи от наеми", R, ""),
            ("709", "Other income", "Други приходи", R, ""),
            ("72", "Financial income", "Финансови приходи", R, "G"),
            ("721", "Interest income", "Приходи от лихви", R, ""),
            (
                "724",
                "Foreign exchange gains",
                "Положителни разлики от промяна на валутни курсове",
                R,
                "",
            ),
        ]
    ),
)

GENERIC = Preset(
    key="generic",
    label="Generic: a short chart",
    retained_earnings="3200",
    cash_accounts=("1000", "1100"),
    accounts=_rows(
        [
            ("1", "Assets", "Активи", A, "G"),
            ("1000", "Cash", "Каса", A, ""),
            ("1100", "Bank", "Банка", A, ""),
            ("1200", "Accounts receivable", "Вземания от клиенти", A, "P"),
            ("1300", "Inventory", "Стоки", A, ""),
            ("1400", "VAT receivable", "ДДС за възстановяване", A, ""),
            ("1500", "Fixed assets", "Дълготрайни активи", A, ""),
            ("1590", "Accumulated depreciation", "Натрупана амортизация", A, ""),
            ("2", "Liabilities", "Пасиви", L, "G"),
            ("2000", "Accounts payable", "Задължения към доставчици", L, "P"),
            ("2100", "VAT payable", "ДДС за внасяне", L, ""),
            ("2200", "Payroll liabilities", "Задължения към персонала", L, ""),
            ("2300", "Taxes payable", "Задължения за данъци", L, ""),
            ("2400", "Loans", "Заеми", L, ""),
            ("3", "Equity", "Собствен капитал", E, "G"),
            ("3000", "Share capital", "Основен капитал", E, ""),
            ("3200", "Retained earnings", "Неразпределена печалба", E, ""),
            ("4", "Income", "Приходи", R, "G"),
            ("4000", "Sales", "Приходи от продажби", R, "D"),
            ("4100", "Service income", "Приходи от услуги", R, "D"),
            ("4900", "Other income", "Други приходи", R, ""),
            ("6", "Expenses", "Разходи", X, "G"),
            ("5000", "Cost of goods sold", "Себестойност на продадените стоки", X, "D"),
            ("6000", "Salaries", "Заплати", X, "D"),
            ("6100", "Rent", "Наеми", X, "D"),
            ("6200", "Utilities", "Комунални услуги", X, "D"),
            ("6300", "Depreciation", "Амортизация", X, "D"),
            ("6900", "Other expenses", "Други разходи", X, "D"),
        ]
    ),
)

PRESETS: dict[str, Preset] = {p.key: p for p in (BULGARIAN, GENERIC)}


def preset_for_country(country: str) -> Preset:
    """The default chart of a country: the Bulgarian chart for Bulgaria, the generic one elsewhere."""
    return BULGARIAN if country == "BG" else GENERIC
