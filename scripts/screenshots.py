"""Take the README's screenshots from a running site (bin/run in another terminal).

    .venv/bin/python scripts/screenshots.py [http://127.0.0.1:8000]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = [
    ("home", "/", 1280),
    ("search", "/thu-tuc/?q=dang+ky+khai+sinh", 1280),
    ("detail", "/thu-tuc/1.001193/", 1280),
    ("units", "/co-quan/?q=hoa+ninh", 1280),
    ("search-mobile", "/thu-tuc/?q=ket+hon", 390),
]

OUT.mkdir(parents=True, exist_ok=True)
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    for name, path, width in PAGES:
        page = browser.new_page(viewport={"width": width, "height": 900}, locale="vi-VN")
        page.goto(BASE + path)
        page.screenshot(path=OUT / f"{name}.png", full_page=False)
        page.close()
        print(OUT / f"{name}.png")
    browser.close()
