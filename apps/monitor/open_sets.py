"""The open-data sets shipped in ``apps/monitor/data/open/`` (sources and licences in its SOURCE.md):
how each file is read and which indicators are computed from it.

An indicator is one of three kinds, which decides how figures published on an older municipal
division are carried over to the current one (``data/open/indelingen.csv``):

- ``sum``: a count or amount; the figures of the merged municipalities are added up.
- ``ratio``: (sum of the numerator fields) / (sum of the denominator fields) x factor, so a rate, a
  share or a value per inhabitant is recomputed from its published parts, never averaged.
- ``level``: an average or median as published; it cannot be combined without its parts, so a
  merged municipality gets an empty value with that reason.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data" / "open"
DIVISIONS_CSV = DATA_DIR / "indelingen.csv"

KWH_PER_TJ = 1e12 / 3.6e6  # 1 TJ = 277,777.78 kWh
GJ_PER_TJ = 1000.0


@dataclass(frozen=True)
class Column:
    code: str
    goal: int
    target: str
    name_nl: str
    name_en: str
    unit_nl: str
    unit_en: str
    direction: str
    kind: str  # "sum", "ratio" or "level"
    fields: tuple[str, ...]
    denominator: tuple[str, ...] = ()
    factor: float = 1.0
    decimals: int = 1
    formula_nl: str = ""
    formula_en: str = ""
    definition_nl: str = ""
    definition_en: str = ""


@dataclass(frozen=True)
class Record:
    """One row of a source file: a municipality code, a year and the figures (None: not published)."""

    code: str
    year: int
    figures: dict[str, float | None]


@dataclass(frozen=True)
class OpenSet:
    key: str
    title_nl: str
    title_en: str
    publisher: str
    table_id: str
    licence: str
    attribution: str
    url: str
    file: str
    columns: tuple[Column, ...]
    reader: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return DATA_DIR / self.file

    def records(self, path: Path | None = None) -> Iterator[Record]:
        return READERS[self.reader](self, path or self.path)


def number(text: str | None) -> float | None:
    """A published figure; empty, "." (secret), "?" and "-" are not published."""
    if text is None:
        return None
    text = text.strip()
    if text in {"", ".", "?", "-", "x"}:
        return None
    return float(text.replace(",", "."))


def _open(path: Path, encoding: str = "utf-8"):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding=encoding, newline="")
    return path.open(encoding=encoding, newline="")


def read_statline_csv(spec: OpenSet, path: Path) -> Iterator[Record]:
    """A StatLine CSV download (``;``, quoted, values padded with spaces) with ``gemeentecode`` first."""
    with _open(path, "utf-8-sig") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        index = {name: header.index(column) for name, column in spec.headers.items()}
        for row in reader:
            if not row:
                continue
            yield Record(row[0].strip(), int(row[1].strip()[:4]), {name: number(row[i]) for name, i in index.items()})


def read_plain_csv(spec: OpenSet, path: Path) -> Iterator[Record]:
    """A comma-separated file with the code and the year in the columns ``headers['code']`` and ``headers['year']``."""
    wanted = {f for column in spec.columns for f in (*column.fields, *column.denominator)}
    with _open(path) as handle:
        for row in csv.DictReader(handle):
            year = spec.headers.get("year_fixed") or row[spec.headers["year"]]
            yield Record(row[spec.headers["code"]].strip(), int(float(year)), {f: number(row.get(f)) for f in wanted})


READERS = {"statline": read_statline_csv, "plain": read_plain_csv}

_INCOME = "Inkomen en vermogen/Inkomen van particuliere huishoudens"
_WEALTH = "Inkomen en vermogen/Mediaan vermogen huishoudens"

INCOME = OpenSet(
    key="cbs-70072ned-inkomen",
    title_nl="Regionale kerncijfers Nederland: inkomen en vermogen",
    title_en="Regional key figures of the Netherlands: income and wealth",
    publisher="CBS",
    table_id="70072NED",
    licence="CC BY 4.0",
    attribution="CBS StatLine, Regionale kerncijfers Nederland (70072NED), CC BY 4.0",
    url="https://opendata.cbs.nl/statline/#/CBS/nl/dataset/70072NED/table",
    file="inkomen_vermogen_gemeente_2011_2023.csv.gz",
    reader="statline",
    headers={
        "households": "Inkomen en vermogen/Particuliere huishoudens excl. studenten (x 1 000)",
        "disposable": f"{_INCOME}/Gemiddeld besteedbaar inkomen/Particuliere huishoudens excl. studenten (1 000 euro)",
        "standardised": f"{_INCOME}/Gemiddeld gestandaardiseerd inkomen/Particuliere huishoudens excl. studenten (1 000 euro)",
        "standardised_single_parent": f"{_INCOME}/Gemiddeld gestandaardiseerd inkomen/Type: Eenoudergezin (1 000 euro)",
        "standardised_transfers": f"{_INCOME}/Gemiddeld gestandaardiseerd inkomen/Bron: Overdrachtsinkomen (1 000 euro)",
        "wealth": f"{_WEALTH}/Particuliere huishoudens excl. studenten (1 000 euro)",
        "wealth_renters": f"{_WEALTH}/Woningbezit: huurwoning (1 000 euro)",
    },
    columns=(
        Column(
            "10.1.o1",
            10,
            "10.1",
            "Gemiddeld besteedbaar inkomen per huishouden",
            "Average disposable income per household",
            "× 1.000 euro",
            "× 1,000 euro",
            "up",
            "level",
            ("disposable",),
            definition_nl="Gemiddeld besteedbaar inkomen van particuliere huishoudens (excl. studenten), nominaal.",
            definition_en="Average disposable income of private households (excluding students), nominal.",
        ),
        Column(
            "10.1.o2",
            10,
            "10.1",
            "Gemiddeld gestandaardiseerd inkomen",
            "Average standardised income",
            "× 1.000 euro",
            "× 1,000 euro",
            "up",
            "level",
            ("standardised",),
            definition_nl="Besteedbaar inkomen gecorrigeerd voor de grootte en samenstelling van het huishouden.",
            definition_en="Disposable income corrected for the size and composition of the household.",
        ),
        Column(
            "10.2.o1",
            10,
            "10.2",
            "Gestandaardiseerd inkomen van eenoudergezinnen",
            "Standardised income of single-parent families",
            "× 1.000 euro",
            "× 1,000 euro",
            "up",
            "level",
            ("standardised_single_parent",),
        ),
        Column(
            "1.3.o1",
            1,
            "1.3",
            "Gestandaardiseerd inkomen van huishoudens met vooral een uitkering of pensioen",
            "Standardised income of households living mainly on benefits or pensions",
            "× 1.000 euro",
            "× 1,000 euro",
            "up",
            "level",
            ("standardised_transfers",),
        ),
        Column(
            "1.4.o1",
            1,
            "1.4",
            "Mediaan vermogen van huishoudens",
            "Median wealth of households",
            "× 1.000 euro",
            "× 1,000 euro",
            "up",
            "level",
            ("wealth",),
        ),
        Column(
            "10.2.o2",
            10,
            "10.2",
            "Mediaan vermogen van huurders",
            "Median wealth of households that rent their home",
            "× 1.000 euro",
            "× 1,000 euro",
            "up",
            "level",
            ("wealth_renters",),
        ),
    ),
)

_PV = ("input_households_solar_pv_demand", "input_buildings_solar_pv_demand", "input_energy_power_solar_pv_solar_radiation_production")
_WIND = (
    "input_energy_power_wind_turbine_inland_production",
    "input_energy_power_wind_turbine_coastal_production",
    "input_energy_power_wind_turbine_offshore_production",
)
_ELECTRICITY = ("households_final_demand_electricity_demand", "input_buildings_electricity_demand", "agriculture_final_demand_electricity_demand")
_INHABITANTS = ("number_of_inhabitants",)

ENERGY = OpenSet(
    key="etlocal-energie",
    title_nl="ETLocal: energiegebruik, opwek van zon en wind en voertuigen per gemeente",
    title_en="ETLocal: energy use, solar and wind production and vehicles per municipality",
    publisher="Quintel Intelligence (ETLocal)",
    table_id="ETLocal nl2019, nl2023",
    licence="MIT",
    attribution="ETM Dataset Manager (quintel/etlocal), Quintel Intelligence, MIT; onderliggende bronnen Klimaatmonitor, CBS, Emissieregistratie",
    url="https://github.com/quintel/etlocal",
    file="etlocal_energie_gemeente_2019_2023.csv.gz",
    reader="plain",
    headers={"code": "geo_id", "year": "jaar"},
    columns=(
        Column(
            "7.2.o1",
            7,
            "7.2",
            "Opgewekte zon- en windstroom als deel van het elektriciteitsgebruik",
            "Solar and wind electricity as a share of electricity use",
            "%",
            "%",
            "up",
            "ratio",
            (*_PV, *_WIND),
            _ELECTRICITY,
            100.0,
            formula_nl="(zonnestroom op woningen, gebouwen en zonneparken + windstroom) ÷ elektriciteitsgebruik van huishoudens, diensten en landbouw × 100",
            formula_en="(solar power on homes, buildings and solar parks + wind power) ÷ electricity use of households, services and agriculture × 100",
            definition_nl="Zonder het elektriciteitsgebruik van de industrie.",
            definition_en="Without the electricity use of industry.",
        ),
        Column(
            "7.2.o2",
            7,
            "7.2",
            "Zonnestroom per inwoner",
            "Solar electricity per inhabitant",
            "kWh per inwoner",
            "kWh per inhabitant",
            "up",
            "ratio",
            _PV,
            _INHABITANTS,
            KWH_PER_TJ,
            0,
            formula_nl="zonnestroom (TJ) × 277.778 kWh/TJ ÷ inwoners",
            formula_en="solar electricity (TJ) × 277,778 kWh/TJ ÷ inhabitants",
        ),
        Column(
            "7.2.o3",
            7,
            "7.2",
            "Opgewekte zon- en windstroom",
            "Solar and wind electricity produced",
            "TJ",
            "TJ",
            "up",
            "sum",
            (*_PV, *_WIND),
            formula_nl="zonnestroom op woningen, gebouwen en zonneparken + windstroom",
            formula_en="solar power on homes, buildings and solar parks + wind power",
        ),
        Column(
            "7.3.o1",
            7,
            "7.3",
            "Elektriciteitsgebruik van huishoudens per inwoner",
            "Household electricity use per inhabitant",
            "kWh per inwoner",
            "kWh per inhabitant",
            "down",
            "ratio",
            ("households_final_demand_electricity_demand",),
            _INHABITANTS,
            KWH_PER_TJ,
            0,
            formula_nl="elektriciteitsgebruik huishoudens (TJ) × 277.778 kWh/TJ ÷ inwoners",
            formula_en="household electricity use (TJ) × 277,778 kWh/TJ ÷ inhabitants",
        ),
        Column(
            "7.3.o2",
            7,
            "7.3",
            "Aardgasgebruik van huishoudens per inwoner",
            "Household natural gas use per inhabitant",
            "GJ per inwoner",
            "GJ per inhabitant",
            "down",
            "ratio",
            ("households_final_demand_network_gas_demand",),
            _INHABITANTS,
            GJ_PER_TJ,
            formula_nl="aardgasgebruik huishoudens (TJ) × 1.000 GJ/TJ ÷ inwoners",
            formula_en="household gas use (TJ) × 1,000 GJ/TJ ÷ inhabitants",
        ),
        Column(
            "13.2.o1",
            13,
            "13.2",
            "Aardgasgebruik van woningen en gebouwen",
            "Natural gas use of homes and buildings",
            "TJ",
            "TJ",
            "down",
            "sum",
            ("households_final_demand_network_gas_demand", "buildings_final_demand_network_gas_demand"),
            decimals=0,
            formula_nl="aardgas huishoudens + aardgas diensten en publieke gebouwen",
            formula_en="gas of households + gas of services and public buildings",
        ),
        Column(
            "11.6.o1",
            11,
            "11.6",
            "Personenauto's per 1.000 inwoners",
            "Passenger cars per 1,000 inhabitants",
            "per 1.000 inwoners",
            "per 1,000 inhabitants",
            "down",
            "ratio",
            ("number_of_cars",),
            _INHABITANTS,
            1000.0,
            0,
            formula_nl="personenauto's ÷ inwoners × 1.000",
            formula_en="passenger cars ÷ inhabitants × 1,000",
            definition_nl="Auto's tellen mee op het adres van de eigenaar; gemeenten met leasemaatschappijen vallen daardoor op.",
            definition_en="Cars count at the owner's address, so municipalities where lease companies are registered stand out.",
        ),
    ),
)

TURNOUT = OpenSet(
    key="kiesraad-tk2023-opkomst",
    title_nl="Opkomst bij de Tweede Kamerverkiezing van 22 november 2023",
    title_en="Turnout at the parliamentary election of 22 November 2023",
    publisher="Kiesraad",
    table_id="osv4-3 TK2023",
    licence="MIT (mvbloois/verkiezingen); Kiesraad open data",
    attribution="Kiesraad, TK2023, osv4-3 tellingen (via mvbloois/verkiezingen, MIT)",
    url="https://data.overheid.nl/",
    file="tk2023_opkomst_gemeente.csv.gz",
    reader="plain",
    headers={"code": "gemeentecode", "year_fixed": "2023"},
    columns=(
        Column(
            "16.7.o1",
            16,
            "16.7",
            "Opkomst bij de Tweede Kamerverkiezing",
            "Turnout at the parliamentary election",
            "%",
            "%",
            "up",
            "ratio",
            ("uitgebrachte_stemmen",),
            ("opgeroepenen",),
            100.0,
            formula_nl="uitgebrachte stemmen ÷ kiesgerechtigden × 100",
            formula_en="votes cast ÷ registered voters × 100",
            definition_nl="Kiezers met een kiezerspas stemmen soms buiten hun gemeente; kleine eilanden komen daardoor boven 100%.",
            definition_en="Voters with a voter's pass may vote outside their municipality, so small islands exceed 100%.",
        ),
    ),
)

SETS: dict[str, OpenSet] = {s.key: s for s in (INCOME, ENERGY, TURNOUT)}
COLUMNS: dict[str, tuple[OpenSet, Column]] = {c.code: (s, c) for s in SETS.values() for c in s.columns}

# Left out of the repository: their SOURCE.md asks to verify the licence first (see data/open/SOURCE.md).
LEFT_OUT = {
    "gezondheidsmonitor_jongvolwassenen_2024_50140NED.csv": "licence of RIVM / GGD GHOR not verified",
    "klimaatmonitor_2019_co2_uitstoot_sectoren.csv": "Klimaatmonitor terms not verified",
    "klimaatmonitor_2019_hernieuwbare_energie.csv": "Klimaatmonitor terms not verified",
    "politie_geregistreerde_misdrijven_gemeente_2012_2025.csv": "terms of the Politie data not verified",
}


@dataclass(frozen=True)
class Reorganisation:
    old_codes: tuple[str, ...]
    old_names: tuple[str, ...]
    new_code: str
    new_name: str
    effective_date: str


def reorganisations(path: Path = DIVISIONS_CSV) -> list[Reorganisation]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Reorganisation(tuple(r["old_codes"].split(";")), tuple(r["old_names"].split(";")), r["new_code"], r["new_name"], r["effective_date"])
            for r in csv.DictReader(handle)
        ]
