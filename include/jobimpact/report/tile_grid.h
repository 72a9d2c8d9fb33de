// Tile-grid layouts: each area of a country at a cell of a small grid, so
// that a map of equal squares keeps neighbours roughly where they are.
#ifndef JOBIMPACT_REPORT_TILE_GRID_H_
#define JOBIMPACT_REPORT_TILE_GRID_H_

#include <string_view>
#include <vector>

namespace jobimpact::report {

struct TileCell {
  std::string_view code;  // GB/T 2260 code of the provincial division.
  int col = 0;
  int row = 0;
};

// The 34 provincial-level divisions of China (geo/gazetteer.h codes) on an
// 8 x 8 grid, north at the top: Heilongjiang top right, Xinjiang and Tibet
// on the left, Hainan, Hong Kong and Macao at the bottom, Taiwan east of
// Fujian. No two share a cell.
const std::vector<TileCell>& ChinaTileGrid();

}  // namespace jobimpact::report

#endif  // JOBIMPACT_REPORT_TILE_GRID_H_
