/** Types of lazyJson.mjs for the tests that import it. */
export function lazyJsonText(data: object, lazy: readonly string[]): string;
