import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FieldErrorCollector } from '../errors.js';
import { checkNameRules, DEFAULT_NAME_RULES, nameRuleViolation, rulesOf } from './name-rules.js';
import { SEEDED_NAME_RULES } from '../../store/migrations/012-tld-name-rules.js';

const rules = (tld: string) => {
  const [, min, max, chars, scripts] = SEEDED_NAME_RULES.find(([t]) => t === tld)!;
  return rulesOf({ min_length: min, max_length: max, idn_chars: chars, idn_scripts: scripts });
};

describe('name rules', () => {
  it('seeds only rules an operator could give: every character one IDNA keeps as itself', () => {
    for (const [tld, min, max, chars, scripts] of SEEDED_NAME_RULES) {
      const errors = new FieldErrorCollector();
      const checked = checkNameRules({ minLength: min, maxLength: max, idnChars: chars, idnScripts: scripts }, DEFAULT_NAME_RULES, errors);
      assert.deepEqual(errors.fields, {}, tld);
      assert.equal(checked.idnChars, chars, `${tld}: no character twice`);
    }
  });

  it('judges length in characters of the Unicode label, characters, and one script per label', () => {
    assert.equal(nameRuleViolation('fi', rules('fi'), 'ää'), undefined);
    assert.match(nameRuleViolation('fi', rules('fi'), 'ä')!, /2-63 characters long/);
    assert.match(nameRuleViolation('fi', rules('fi'), 'ü-merkki')!, /"ü" is not one of them/);
    assert.equal(nameRuleViolation('com', rules('com'), 'ελλάδα'), undefined);
    assert.equal(nameRuleViolation('com', rules('com'), '東京abc'), undefined, 'CJK mixes with Latin');
    assert.match(nameRuleViolation('com', rules('com'), 'ελλάδαx')!, /mixes Greek and Latin/);
    assert.match(nameRuleViolation('io', rules('io'), 'café')!, /only a-z, 0-9 and hyphens/);
  });
});
