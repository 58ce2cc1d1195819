import './virtual-list.css';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

interface VirtualListProps<Item> {
  items: readonly Item[];
  /** Accessible name of the list. */
  label: string;
  /** Row height in pixels (rows have a fixed height). */
  rowHeight: number;
  getKey: (item: Item) => string;
  renderRow: (item: Item) => ReactNode;
  /** Called when the user scrolls near the end and more pages exist. */
  onEndReached?: () => void;
  hasMore: boolean;
  loadingMore: boolean;
  loadingMoreText: string;
  /** The row the keyboard cursor is on (Inbox I); kept in view as it moves. */
  activeIndex?: number;
  /**
   * A table instead of a list: the scroll area is a `table`, each row a `row` (rows then
   * render `cell`s) and `header` (a `rowgroup` with `columnheader`s) stays on top.
   */
  table?: { header: ReactNode };
}

/**
 * A list that renders only the rows in view (thousands of candidates or threads stay
 * smooth). Each row tells its position (`aria-posinset` of `aria-setsize`), since most
 * rows are not in the DOM; the scroll area takes keyboard focus so it scrolls with keys.
 */
export function VirtualList<Item>({
  items,
  label,
  rowHeight,
  getKey,
  renderRow,
  onEndReached,
  hasMore,
  loadingMore,
  loadingMoreText,
  activeIndex,
  table,
}: VirtualListProps<Item>) {
  const scrollArea = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollArea.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (index) => {
      const item = items[index];
      return item === undefined ? index : getKey(item);
    },
  });
  const rows = virtualizer.getVirtualItems();
  const lastIndex = rows[rows.length - 1]?.index ?? -1;

  useEffect(() => {
    if (activeIndex !== undefined && activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= items.length - 10) onEndReached?.();
  }, [hasMore, loadingMore, lastIndex, items.length, onEndReached]);

  return (
    <div
      ref={scrollArea}
      className="virtual-scroll"
      tabIndex={0}
      aria-label={label}
      role={table ? 'table' : 'region'}
      aria-rowcount={table ? (hasMore ? -1 : items.length + 1) : undefined}
    >
      {table?.header}
      <ul className="virtual-list" role={table ? 'rowgroup' : undefined} style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => {
          const item = items[row.index];
          if (item === undefined) return null;
          return (
            <li
              key={row.key}
              className="virtual-row"
              {...(table
                ? { role: 'row', 'aria-rowindex': row.index + 2 }
                : { 'aria-setsize': hasMore ? -1 : items.length, 'aria-posinset': row.index + 1 })}
              style={{ height: row.size, transform: `translateY(${row.start}px)` }}
            >
              {renderRow(item)}
            </li>
          );
        })}
      </ul>
      {loadingMore ? (
        <p className="list-footer" role="status">
          {loadingMoreText}
        </p>
      ) : null}
    </div>
  );
}
