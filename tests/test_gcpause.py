"""The collector pause around reading and checking a document: off inside, nested pauses
share one, and the collector is on again after, also when the document fails."""

from __future__ import annotations

import gc

import pytest

from budgetlens.check import check_path
from budgetlens.errors import ReadError
from budgetlens.gcpause import collector_paused


def test_pause_nests_and_restores():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_pause_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collector_back_on_after_a_check_and_after_a_failed_read(tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_text("一、部门基本情况\n2024年一般公共预算支出100.00万元。\n", encoding="utf-8")
    check_path(str(doc))
    assert gc.isenabled()
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ReadError):
        check_path(str(empty))
    assert gc.isenabled()
