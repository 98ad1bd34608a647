/** A number field's text as the edit's value: empty is no value (the field is left out). */
export const num = (text: string): number | undefined =>
  text.trim() === '' ? undefined : Number(text);

/** A setting's value as its field's text: none is an empty field. */
export const opt = (v: number | string | undefined) => (v === undefined ? '' : String(v));
