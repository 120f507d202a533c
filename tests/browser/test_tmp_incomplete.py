import pytest
from axe_playwright_python.sync_playwright import Axe
from .test_accessibility import PAGES, site  # noqa

pytestmark = [pytest.mark.browser]

@pytest.mark.parametrize("name", list(PAGES))
def test_incomplete(page, site, name):
    target = PAGES[name]
    if callable(target):
        target(page, site, "")
    else:
        page.goto(target)
    r = Axe().run(page, options={"resultTypes": ["incomplete"]}).response
    for v in r["incomplete"]:
        for n in v["nodes"]:
            print("INCOMPLETE", name, v["id"], n["target"], " ".join(n.get("any",[{}])[0].get("message","").split())[:200] if n.get("any") else "")
