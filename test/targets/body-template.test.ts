import { describe, expect, it } from 'vitest';
import { renderTemplate, templateVariables } from '../../src/formats/body-template.ts';

describe('body template', () => {
  const values = { messages: [{ role: 'user', content: 'hi' }], session_id: 'bloom-1-v1r1', message: 'hi' };

  it('a whole-string placeholder becomes the value; inside text it is interpolated', () => {
    const template = {
      input: { messages: '{{messages}}', id: '{{ session_id }}' },
      note: 'session {{session_id}}: {{messages}}',
      keep: [1, true, null],
    };
    expect(renderTemplate(template, values)).toEqual({
      input: { messages: values.messages, id: 'bloom-1-v1r1' },
      note: `session bloom-1-v1r1: ${JSON.stringify(values.messages)}`,
      keep: [1, true, null],
    });
  });

  it('lists the placeholders it uses', () => {
    expect(templateVariables({ a: ['{{messages}}', 'x {{tools}} {{other}}'], b: 3 })).toEqual([
      'messages',
      'tools',
      'other',
    ]);
  });
});
