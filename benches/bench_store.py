"""The store on a real file: opening it, reading the catalog, saving a scenario, importing
a price file. No budget in DESIGN.md covers these; the figures show what a user waits for."""

import contextlib
import sys
import tempfile
from dataclasses import replace
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benches.common import report, table
from core.costing.scenario import load_scenario
from core.errors import InputError
from core.pricing.importers import read_prices
from core.resources import resource_dir
from core.store.database import Store

# 2,000 cloud rows in our CSV, about the size of one cloud's SkyPilot vms.csv after dedup.
HEADER = "kind,id,provider,name,gpu,gpus,price_per_hour,currency,source,price_date\n"


def _rows(shift: int) -> str:
    return "".join(f"cloud,box-{n},Acme,box,h100-sxm,1,{1 + n / 1000 + shift},USD,quote,"
                   "2026-11\n" for n in range(2000))


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    path = folder / "bench.db"
    report("store: create a new database (schema + bundled catalog)",
           lambda: Store(folder / f"new-{id(object())}.db").close(), None, repeats=10)
    store = Store(path)
    report("store: open an existing database", lambda: Store(path).close(), None, repeats=20)
    report("store: read the latest catalog (uncached)",
           lambda: (store._catalogs.clear(), store.catalog()), None, repeats=50)
    scenario = load_scenario(resource_dir() / "examples" / "support-assistant.llmplan.json")
    info = store.save_scenario(scenario, None)
    state = {"revision": info.revision, "n": 0}

    def save() -> None:
        state["n"] += 1
        state["revision"] = store.save_scenario(
            replace(scenario, description=str(state["n"])), state["revision"]).revision

    report("store: save a scenario revision", save, None, repeats=50)
    report("importers: read 2,000 rows of our CSV",
           partial(read_prices, (HEADER + _rows(0)).encode(), "rows.csv"), None, repeats=10)

    def read_and_import() -> None:
        state["n"] += 1
        store.import_prices(read_prices((HEADER + _rows(state["n"])).encode(), "rows.csv"))

    report("store: read and import them as a new catalog version", read_and_import, None,
           repeats=5)
    # A hostile or broken file: 20,000 rows, each naming a GPU no catalog knows (each is
    # matched, refused and counted; before the GPU names were indexed, 1.3 ms a row).
    unknown = HEADER + "".join(f"cloud,z-{n},Acme,z,Tesla-Z{n},1,1.5,USD,quote,2026-11\n"
                               for n in range(20_000))
    report("importers: 20,000 rows naming unknown GPUs (all refused)",
           partial(_refused, unknown.encode()), None, repeats=3)
    store.close()


def _refused(data: bytes) -> None:
    # "no usable price in it (20,000 x unknown GPU name)" is the expected end
    with contextlib.suppress(InputError):
        read_prices(data, "unknown-gpus.csv")


if __name__ == "__main__":
    main()
    print(table())
