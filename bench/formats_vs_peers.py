"""Peers of bench/run_table_bench.sh, Excel side (Debian python3-openpyxl).

    /usr/bin/python3 bench/formats_vs_peers.py generate-xlsx FILE ROWS
    /usr/bin/python3 bench/formats_vs_peers.py read-xlsx FILE
    /usr/bin/python3 bench/formats_vs_peers.py generate-wide FILE COLUMNS ROWS

read-xlsx times openpyxl's streaming reader (read_only=True), the fastest
way it has, over every cell value.
"""
import random
import sys
import time

import openpyxl


def generate_xlsx(path, rows):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("data")
    ws.append(["id", "province", "kind"] + [f"x{i}" for i in range(7)])
    rng = random.Random(12)
    provinces = ["北京", "上海", "广东", "四川", "云南", "内蒙古", "浙江"]
    for r in range(rows):
        ws.append([f"U{r:07d}", rng.choice(provinces), rng.choice("abc")] +
                  [round(rng.uniform(0, 1000), 3) for _ in range(7)])
    wb.save(path)


def read_xlsx(path):
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    cells = 0
    for row in ws.iter_rows(values_only=True):
        cells += len(row)
    secs = time.perf_counter() - t0
    print(f"openpyxl read: {cells} cells in {secs:.3f} s")


def generate_wide(path, columns, rows):
    rng = random.Random(13)
    with open(path, "w") as f:
        f.write(",".join(f"c{i}" for i in range(columns)) + "\n")
        for _ in range(rows):
            f.write(",".join(str(rng.randint(0, 999)) if i % 2 else
                             f"t{rng.randint(0, 9)}" for i in range(columns)))
            f.write("\n")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "generate-xlsx":
        generate_xlsx(sys.argv[2], int(sys.argv[3]))
    elif cmd == "read-xlsx":
        read_xlsx(sys.argv[2])
    elif cmd == "generate-wide":
        generate_wide(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit("unknown command " + cmd)
