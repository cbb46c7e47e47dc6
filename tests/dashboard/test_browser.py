"""The live page in a real headless Chromium: it draws, and the journey SVG is in the DOM.

Skipped only when no Chromium binary is on PATH (Debian: ``apt-get install chromium``; CI installs
it). The test installs nothing and opens no network connection: the page is a local file and the
browser runs with its background networking off.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tests.dashboard.helpers import Page

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((found for name in BROWSERS if (found := shutil.which(name))), None)
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BROWSER is None, reason="no Chromium binary on PATH (Debian: apt-get install -y chromium)"),
]


def browse(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    assert BROWSER is not None
    return subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={profile}", *args, url],
                          capture_output=True, timeout=180, check=False)


def png_pixels(path: Path) -> tuple[int, int, bytes]:
    """(width, height, the decompressed scanlines) of a PNG file."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, width, height = 8, [], 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    return width, height, zlib.decompress(b"".join(chunks))


def test_live_page_draws_and_its_journey_is_in_the_dom(built, tmp_path):
    story, out, _data = built
    shot = tmp_path / "live.png"
    result = browse(tmp_path, (out / "index.html").as_uri(), f"--screenshot={shot}", "--window-size=1200,1400")
    assert shot.is_file(), result.stderr.decode(errors="replace")[-2000:]
    width, height, pixels = png_pixels(shot)
    assert (width, height) == (1200, 1400)
    assert len(set(pixels)) > 64  # a blank page decodes to a handful of byte values

    for name, visits in (("index.html", 3), (f"p/{story.plan_a}.html", len(story.moves_a))):
        dom = browse(tmp_path, (out / name).as_uri(), "--dump-dom", "--virtual-time-budget=3000")
        page = Page(dom.stdout.decode("utf-8"))
        svg = page.find("svg", id="journey")
        assert svg and svg[0]["data-visits"] == str(visits), name
        assert len(page.with_class("rect", "visit")) == visits
        assert len(page.with_class("text", "lane-label")) == 6
    assert len(page.with_class("g", "pivot")) == 1
    assert all(f"“{words}”" in page.text for words in story.approvals_a)
    live = Page(browse(tmp_path, (out / "index.html").as_uri(), "--dump-dom").stdout.decode("utf-8"))
    assert len(live.with_class("g", "attempt")) == 1
