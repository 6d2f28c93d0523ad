/**
 * Dates as the site writes them, in UTC (a note's date is a day, not an instant). The formatters are
 * made once: making one costs about half a millisecond, which once per note page adds up.
 */
const LONG = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const MONTH = new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' });

/** The full date, as English writes it ("December 5, 2026"). */
export const longDate = (date: Date): string => LONG.format(date);

/** The month's name ("December"). */
export const monthName = (date: Date): string => MONTH.format(date);
