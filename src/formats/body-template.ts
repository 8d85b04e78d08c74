// The HTTP target's request body: any JSON whose strings may hold {{placeholders}}. A string that is exactly one
// placeholder becomes the value itself (an array stays an array); inside other text the value is interpolated.

export const TEMPLATE_VARIABLES: readonly string[] = ['messages', 'message', 'system', 'session_id', 'tools'];

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([A-Za-z_][\w]*)\s*\}\}$/;

/** Every placeholder name used anywhere in the template, in order of appearance. */
export function templateVariables(template: unknown): string[] {
  if (typeof template === 'string') return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
  if (Array.isArray(template)) return template.flatMap(templateVariables);
  if (template !== null && typeof template === 'object') {
    return Object.values(template).flatMap(templateVariables);
  }
  return [];
}

export function renderTemplate(template: unknown, values: Readonly<Record<string, unknown>>): unknown {
  if (typeof template === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(template);
    if (whole) return values[whole[1] ?? ''] ?? null;
    return template.replace(PLACEHOLDER, (_, name: string) => asText(values[name]));
  }
  if (Array.isArray(template)) return template.map((item) => renderTemplate(item, values));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(
      Object.entries(template).map(([key, value]) => [key, renderTemplate(value, values)]),
    );
  }
  return template;
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
