/** class-transformer helpers for incoming strings. */
type Input = { value: unknown };

export const trim = ({ value }: Input) => (typeof value === 'string' ? value.trim() : value);
export const trimLower = ({ value }: Input) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
