import { html, type SafeHtml } from '../html.js';

/**
 * Form fields with a hint and a message, both describing the control for screen readers (GOV.UK's
 * manner); the message is the core's, beside the field it names.
 */
interface FieldCommon {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  /** The element id, when one page shows the same field name in several forms. */
  id?: string;
}

function parts(o: FieldCommon): { id: string; top: SafeHtml; attrs: SafeHtml } {
  const id = o.id ?? o.name;
  const hintId = `${id}-hint`;
  const messageId = `${id}-error`;
  const describedBy = [o.hint ? hintId : '', o.error ? messageId : ''].filter(Boolean).join(' ');
  return {
    id,
    top: html`<label for="${id}">${o.label}</label>
${o.hint && html`<p class="hint" id="${hintId}">${o.hint}</p>`}
${o.error && html`<p class="message" id="${messageId}">${o.error}</p>`}`,
    attrs: html`id="${id}" name="${o.name}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${o.error ? html` aria-invalid="true"` : ''}`,
  };
}

export function inputField(o: FieldCommon & {
  value?: string; type?: 'text' | 'password' | 'email'; autocomplete?: string; inputmode?: 'numeric' | 'tel'; spellcheck?: false;
}): SafeHtml {
  const p = parts(o);
  return html`<div class="field${o.error ? ' invalid' : ''}">
${p.top}
<input type="${o.type ?? 'text'}" ${p.attrs} value="${o.value ?? ''}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.spellcheck === false ? html` spellcheck="false" autocapitalize="none"` : ''}>
</div>`;
}

export function selectField(o: FieldCommon & { value?: string; options: Array<[value: string, label: string]> }): SafeHtml {
  const p = parts(o);
  return html`<div class="field${o.error ? ' invalid' : ''}">
${p.top}
<select ${p.attrs}>
${o.options.map(([value, label]) => html`<option value="${value}"${value === o.value ? ' selected' : ''}>${label}</option>`)}
</select>
</div>`;
}

/** Radios in a fieldset; the first carries the field's id, so the error summary's link lands on it. */
export function radioField(o: FieldCommon & { value?: string; options: Array<[value: string, label: string]> }): SafeHtml {
  const id = o.id ?? o.name;
  return html`<fieldset class="field${o.error ? ' invalid' : ''}"${o.error ? html` aria-describedby="${id}-error"` : ''}>
<legend>${o.label}</legend>
${o.error && html`<p class="message" id="${id}-error">${o.error}</p>`}
${o.options.map(([value, label], i) => {
    const optionId = i === 0 ? id : `${id}-${i + 1}`;
    return html`<div class="radio"><input type="radio" id="${optionId}" name="${o.name}" value="${value}"${value === o.value ? ' checked' : ''}><label for="${optionId}">${label}</label></div>`;
  })}
</fieldset>`;
}
