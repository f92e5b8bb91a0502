"""Test set-up shared by every app: tasks run in-process, files go to a temporary folder,
and browser tests get a Playwright page on Debian's chromium against a live server."""

import os

import pytest

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _isolated_side_effects(settings, tmp_path):
    from django.core.cache import cache

    cache.clear()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def gateway(settings):
    """The shipped SMS / Zalo gateway simulator, with the adapters pointed at it (Zalo has an
    approved template for the "received" event only)."""
    from motcua.notifications.simulator import GatewaySimulator

    simulator = GatewaySimulator().start()
    settings.MOTCUA_SMS_GATEWAY_URL = f"{simulator.url}/sms"
    settings.MOTCUA_ZALO_GATEWAY_URL = f"{simulator.url}/zalo"
    settings.MOTCUA_ZALO_ACCESS_TOKEN = "oa-token"
    settings.MOTCUA_ZALO_TEMPLATE_IDS = {"dossier.received": "231456"}
    yield simulator
    simulator.stop()


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by test
    # code around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    # Links the app writes out in full (assistant answers, messages, QR codes) point at this server.
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
