"""Fixtures of issue 12 (survey files as they arrive), Excel side, written
with openpyxl (Debian python3-openpyxl). Run from the repository root:

    /usr/bin/python3 tests/reference/make_format_fixtures.py

Writes tests/data/formats/*.xlsx; `make test` reads the committed files and
needs neither Python nor openpyxl. Edge cases openpyxl cannot write (cached
formula values, the 1904 date system, inline strings) are built by the C++
tests themselves from XML parts.
"""
import csv
import datetime
import os

import openpyxl

OUT = "tests/data/formats"


def number_or_text(v):
    try:
        f = float(v)
    except ValueError:
        return v
    return int(f) if f.is_integer() and "." not in v else f


def providers():
    # The default example's provider survey, unchanged: a study reading the
    # workbook must give the CSV's results to the last digit.
    with open("examples/default/providers.csv", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "服务商"
    ws.append(rows[0])
    numeric = {"员工人数", "微信业务员工占比", "全职员工占比", "层总数", "权数"}
    cols = [h in numeric for h in rows[0]]
    for r in rows[1:]:
        ws.append([number_or_text(v) if n else v for v, n in zip(r, cols)])
    wb.save(os.path.join(OUT, "providers.xlsx"))


def workbook():
    # Several sheets: notes first, then the data under two title rows
    # (header row 3), with numbers, numeric text, booleans, dates, an empty
    # cell, an Excel error and a formula openpyxl saves without a value; a
    # sheet with merged header cells; an empty sheet.
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "说明"
    notes.append(["本工作簿为 jobimpact 测试数据"])
    ws = wb.create_sheet("数据")
    ws.append(["2024 年服务商调查"])
    ws.append([])
    ws.append(["编号", "省份", "员工人数", "是否全职", "开业日期", "备注", "公式"])
    ws.append(["A1", "北京", 12, True, datetime.date(2019, 3, 5), "", None])
    ws.append(["A2", "上海", "7", False, datetime.datetime(2020, 1, 31, 8, 30),
               "NA", None])
    ws.append(["A3", "云南", None, True, datetime.date(1900, 1, 1), "#N/A",
               None])
    ws.append([])
    ws.append(["A4", "北京", 30.5, False, datetime.date(2024, 2, 29), "x", None])
    ws["F6"] = "#N/A"  # An error value (openpyxl writes t="e").
    ws["G4"] = "=C4*2"  # A formula without a saved value.
    merged = wb.create_sheet("合并")
    merged.append(["地区", None, "人数"])
    merged.append(["北京", "东城", 3])
    merged.merge_cells("A1:B1")
    wb.create_sheet("空")
    wb.save(os.path.join(OUT, "workbook.xlsx"))


def example_providers():
    # examples/survey-files/providers.xlsx: the default example's provider
    # survey with missing answers — every 50th full-time share and every
    # 170th province left blank — under a title row (header in row 2).
    with open("examples/default/providers.csv", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "服务商调查"
    ws.append(["2020 年服务商调查（模拟数据）"])
    ws.append(rows[0])
    numeric = {"员工人数", "微信业务员工占比", "全职员工占比", "层总数", "权数"}
    cols = [h in numeric for h in rows[0]]
    share = rows[0].index("全职员工占比")
    province = rows[0].index("省份")
    for i, r in enumerate(rows[1:], start=1):
        cells = [number_or_text(v) if n else v for v, n in zip(r, cols)]
        if i % 50 == 0:
            cells[share] = None
        if i % 170 == 0:
            cells[province] = None
        ws.append(cells)
    os.makedirs("examples/survey-files", exist_ok=True)
    wb.save("examples/survey-files/providers.xlsx")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    providers()
    workbook()
    example_providers()
