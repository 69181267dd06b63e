"""The UPI QR drawn on the payment screen is the QR segno makes for the same link."""

from __future__ import annotations

import pytest
import segno
from hypothesis import given
from hypothesis import strategies as st

from postterm.core.upi import payment_link
from postterm.demo.world import DemoWorld
from postterm.tui.widgets.qr_block import QrBlock, decode_half_blocks, half_block_lines, qr_matrix
from tests.tui.conftest import (
    app_for,
    fill_article,
    log_in_and_open_day,
    open_payment,
    until,
)


def segno_modules(text: str) -> list[list[bool]]:
    code = segno.make_qr(text, error="l", boost_error=False)
    return [[bool(m) for m in row] for row in code.matrix]


@given(st.text(min_size=1, max_size=120))
def test_half_blocks_carry_every_module(text: str) -> None:
    assert decode_half_blocks(half_block_lines(qr_matrix(text))) == segno_modules(text)


def test_a_upi_link_fits_the_screen() -> None:
    link = payment_link("sheopur.so@ippb", "India Post Sheopur", 9999999, "SOC1a1b2-1A2B3C4D")
    lines = half_block_lines(qr_matrix(link))
    assert len(lines) <= 21 and max(map(len, lines)) <= 50


@pytest.mark.anyio
@pytest.mark.timeout(60)
async def test_the_payment_screen_draws_the_link_it_registers(world: DemoWorld) -> None:
    app = app_for(world)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in_and_open_day(pilot, world)
        await fill_article(pilot, "EE123456785IN")
        await open_payment(pilot)
        await pilot.press("f4")
        await until(pilot, lambda: world.station.pending_upi is not None)
        request = world.station.pending_upi
        assert request is not None and "am=74.34" in request.link
        drawn = str(app.screen.query_one("#qr", QrBlock).content).splitlines()
        assert decode_half_blocks(drawn) == segno_modules(request.link)
