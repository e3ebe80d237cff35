"""Damaged, hostile and mislabelled Office files: each a ReadError naming the file."""

from __future__ import annotations

import struct
import zipfile

import pytest

from budgetlens.errors import ReadError
from budgetlens.readers import detect_format, read
from budgetlens.readers.office_zip import check_office_zip

openpyxl = pytest.importorskip("openpyxl")
docx = pytest.importorskip("docx")


def _xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目", "预算数"])
    ws.append(["合计", 4555.35])
    wb.save(path)
    return path


def _docx(path):
    d = docx.Document()
    d.add_paragraph("一、部门预算情况说明")
    d.save(path)
    return path


def _read_error(path) -> ReadError:
    with pytest.raises(ReadError) as err:
        read(str(path))
    assert str(path) in str(err.value)
    return err.value


@pytest.mark.parametrize("builder", [_xlsx, _docx])
def test_truncated_office_file(tmp_path, builder):
    good = builder(tmp_path / ("good." + builder.__name__[1:]))
    data = good.read_bytes()
    cut = tmp_path / ("cut." + builder.__name__[1:])
    cut.write_bytes(data[: len(data) // 2])
    assert "corrupt ZIP container" in _read_error(cut).problem


def _bomb(path, member_mb: int = 64):
    """A valid-looking XLSX whose sheet inflates from ~70 KB to 64 MB of spaces."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            block = b" " * (1024 * 1024)
            for _ in range(member_mb):
                f.write(block)
    return path


def test_zip_bomb_disguised_as_xlsx(tmp_path):
    bomb = _bomb(tmp_path / "budget.xlsx")
    assert bomb.stat().st_size < 1024 * 1024
    assert detect_format(str(bomb)) == "xlsx"
    err = _read_error(bomb)
    assert "zip bomb" in err.problem and "xl/worksheets/sheet1.xml" in err.problem


def test_zip_member_that_understates_its_size(tmp_path):
    """Headers claim 1,000 bytes; the data inflates to 4 MB (below the ratio threshold)."""
    path = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<a>" + b"0" * (4 * 1024 * 1024) + b"</a>")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header size
    # find the central directory entry naming this member and patch its size as well
    name = info.filename.encode()
    pos = 0
    while True:
        pos = data.index(b"PK\x01\x02", pos)
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + name_len]) == name:
            struct.pack_into("<I", data, pos + 24, 1000)
            break
        pos += 4
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError) as err:
        check_office_zip(str(path))
    assert "does not match its declared size" in err.value.problem
    assert _read_error(path).problem == err.value.problem


def test_not_really_an_xlsx(tmp_path):
    fake = tmp_path / "report.xlsx"
    fake.write_bytes(bytes(range(256)) * 40)  # binary noise, no known signature
    err = _read_error(fake)
    assert ".xlsx" in err.problem


def test_zip_that_is_no_office_document(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "附件")
    assert "neither a Word nor an Excel document" in _read_error(path).problem


def test_damaged_ole_xls(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 3000)
    assert detect_format(str(path)) == "xls"
    assert "workbook" in _read_error(path).problem


def test_wrong_extension_is_read_by_content(tmp_path):
    xlsx_named_docx = _xlsx(tmp_path / "table.docx")
    doc = read(str(xlsx_named_docx))
    assert doc.format == "xlsx"
    assert doc.grids()[0].text_matrix() == [["项目", "预算数"], ["合计", "4555.35"]]
    docx_named_xls = _docx(tmp_path / "text.xls")
    assert read(str(docx_named_xls)).format == "docx"
    html_named_xls = tmp_path / "export.xls"  # web exports often are HTML tables named .xls
    html_named_xls.write_text(
        "<html><body><table><tr><td>合计</td><td>1.00</td></tr></table></body></html>",
        encoding="utf-8",
    )
    assert read(str(html_named_xls)).grids()[0].text_matrix() == [["合计", "1.00"]]


def test_empty_workbook(tmp_path):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    assert "empty workbook" in _read_error(path).problem


def test_empty_docx(tmp_path):
    path = tmp_path / "empty.docx"
    docx.Document().save(path)
    assert "empty Word document" in _read_error(path).problem


def test_zero_byte_xlsx(tmp_path):
    path = tmp_path / "zero.xlsx"
    path.write_bytes(b"")
    assert "zero-byte" in _read_error(path).problem


def test_encrypted_workbook_is_named_as_such(tmp_path):
    path = tmp_path / "locked.xlsx"
    # an encrypted OOXML file is an OLE2 container with an EncryptedPackage stream
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 1000
        + "EncryptedPackage".encode("utf-16-le")
    )
    assert "password-protected" in _read_error(path).problem


def test_a_native_library_panic_is_a_read_error(monkeypatch, tmp_path):
    # python-calamine raises pyo3's PanicException (a BaseException) on some damaged XLS files
    # (fuzz seed 9, case 448: "range end index 49666 out of range"); it must name the file.
    import budgetlens.readers as readers
    from budgetlens.errors import ReadError

    class PanicException(BaseException):
        pass

    def panicking_reader(path):
        raise PanicException("range end index 49666 out of range for slice of length 512")

    monkeypatch.setattr(readers, "get_reader", lambda fmt: panicking_reader)
    p = tmp_path / "damaged.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    with pytest.raises(ReadError) as e:
        readers.read(str(p), "xls")
    assert "damaged.xls" in str(e.value) and "PanicException" in str(e.value)

    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(readers, "get_reader", lambda fmt: interrupted)
    with pytest.raises(KeyboardInterrupt):
        readers.read(str(p), "xls")
