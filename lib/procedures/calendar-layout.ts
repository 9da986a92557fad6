/** A block on a day's grid: minutes since the clinic's midnight. */
export interface TimedBlock {
  startMinute: number
  endMinute: number
}

/**
 * Side-by-side lanes for blocks that overlap (a double booking, or two physicians at once):
 * each block gets the first lane free at its start, and `lanes` is how many its overlapping
 * group needs, so every block in a group is drawn at the same width. Blocks sorted by start.
 */
export function layoutLanes<T extends TimedBlock>(
  blocks: T[],
): (T & { lane: number; lanes: number })[] {
  const laid: (T & { lane: number; lanes: number })[] = []
  let group: (T & { lane: number; lanes: number })[] = []
  let groupEnd = -Infinity
  const closeGroup = () => {
    const lanes = Math.max(1, ...group.map((block) => block.lane + 1))
    for (const block of group) block.lanes = lanes
    group = []
  }
  for (const block of blocks) {
    if (block.startMinute >= groupEnd) closeGroup()
    const busy = new Set(
      group.filter((other) => other.endMinute > block.startMinute).map((other) => other.lane),
    )
    let lane = 0
    while (busy.has(lane)) lane += 1
    const placed = { ...block, lane, lanes: 1 }
    group.push(placed)
    laid.push(placed)
    groupEnd = Math.max(groupEnd, block.endMinute)
  }
  closeGroup()
  return laid
}
