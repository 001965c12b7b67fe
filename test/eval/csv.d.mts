export function parseCsv(text: string): string[][];
export function csvObjects(text: string): Array<Record<string, string>>;
