import './card-list.css';
import type { ComponentProps } from 'react';

interface CardListProps extends ComponentProps<'ul'> {
  /** Tighter rows, each on one line with its action at the end (lists inside a dialog). */
  dense?: boolean;
}

/**
 * A framed list of rows divided by lines, as Settings lists mailboxes and team members and
 * the intake dialog lists mail. Its rows are `CardListItem`s; the screen's own class on
 * either adds what is particular to it (width, the row's inner layout).
 */
export function CardList({ dense = false, className, ...list }: CardListProps) {
  return <ul className={classNames('card-list', dense ? 'card-list-dense' : null, className)} {...list} />;
}

/** One row of a `CardList`. */
export function CardListItem({ className, ...item }: ComponentProps<'li'>) {
  return <li className={classNames('card-list-item', className)} {...item} />;
}

function classNames(...names: (string | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}
