import { test } from 'node:test';
import assert from 'node:assert/strict';
import { html } from './html.js';

test('interpolated values are escaped unless they are SafeHtml', () => {
  const evil = `<script>alert("x")</script>'&`;
  assert.equal(html`<p title="${evil}">${evil}</p>`.value, '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;</p>');
  assert.equal(html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value, '<ul><li>a&lt;</li><li>b</li></ul>');
  assert.equal(html`${null}${undefined}${false}${0}`.value, '0');
});
