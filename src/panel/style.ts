/**
 * The panel's one stylesheet, served at /panel/panel.css (the CSP allows style from 'self' only, no
 * inline style). A TypeScript string rather than a .css file so that the compiled dist/ has it without
 * a copy step. Plain and readable at 375 px: one column, tables that wrap, focus always visible
 * (a thick yellow-and-black outline, as GOV.UK's, seen on any background).
 */
export const PANEL_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:100%;line-height:1.5;color:#0b0c0c;background:#fff}
body{margin:0}
a{color:#1d70b8}
a:visited{color:#4c2c92}
a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
a:focus{background:#fd0;color:#0b0c0c;text-decoration:none}
.skip{position:absolute;left:-9999px}
.skip:focus{position:static;display:block;padding:.5rem 1rem}
header{background:#0b0c0c;color:#fff;padding:.5rem 1rem}
header a,header a:visited{color:#fff}
header .bar{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between;max-width:60rem;margin:0 auto}
header .brand{font-weight:700;font-size:1.1rem}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
header form{display:inline;margin:0}
.link-button{background:none;border:0;padding:0;font:inherit;color:#fff;text-decoration:underline;cursor:pointer}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}
h2{font-size:1.3rem;margin:1.5rem 0 .5rem}
label{display:block;font-weight:700;margin-bottom:.25rem}
input[type=text],input[type=password],input[type=search],input[type=email],input[type=tel]{display:block;width:100%;max-width:25rem;font:inherit;padding:.4rem;border:2px solid #0b0c0c;border-radius:0}
.field{margin-bottom:1.25rem}
.field.invalid{border-left:5px solid #d4351c;padding-left:.75rem}
.field .message{color:#d4351c;font-weight:700;margin:0 0 .25rem}
.field.invalid input{border-color:#d4351c}
button,.button{display:inline-block;font:inherit;font-weight:700;padding:.5rem 1rem;background:#00703c;color:#fff;border:0;border-bottom:2px solid #002d18;border-radius:0;cursor:pointer}
.error-summary{border:5px solid #d4351c;padding:1rem;margin-bottom:1.5rem}
.error-summary h2{margin-top:0}
.error-summary a{color:#d4351c;font-weight:700}
.notice{border-left:5px solid #1d70b8;padding:.5rem 1rem;background:#f3f2f1}
table{border-collapse:collapse;width:100%;margin-bottom:1rem}
th,td{text-align:left;padding:.5rem .5rem .5rem 0;border-bottom:1px solid #b1b4b6;vertical-align:top;overflow-wrap:anywhere}
caption{text-align:left;font-weight:700;padding-bottom:.5rem}
dl{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.5rem 1rem}
dt{font-weight:700}
dd{margin:0;overflow-wrap:anywhere}
.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end;margin-bottom:1rem}
.search .field{margin-bottom:0;flex:1 1 12rem}
.paging ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
.num{text-align:right;white-space:nowrap}.nowrap{white-space:nowrap}
@media (max-width:30rem){table.compact{font-size:.875rem}}
@media (max-width:30rem){dl{grid-template-columns:1fr}th,td{padding-right:.25rem}}
select,textarea{display:block;width:100%;max-width:25rem;font:inherit;padding:.4rem;border:2px solid #0b0c0c;border-radius:0;background:#fff}
.field .hint{color:#505a5f;margin:0 0 .25rem}
.field.invalid textarea,.field.invalid select{border-color:#d4351c}
.vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.records td:last-child a{display:inline-block;margin-right:.75rem}
.records th,.records td:nth-child(2),.records td:nth-child(4){overflow-wrap:normal;white-space:nowrap}
button.warning{background:#d4351c;border-bottom-color:#55150b}
fieldset{border:0;padding:0;margin:0 0 1rem;min-width:0}
legend{font-weight:700;padding:0;margin-bottom:.25rem}
.hint{color:#505a5f;margin:0 0 .75rem}
.radio{display:flex;gap:.5rem;align-items:center;margin-bottom:.5rem}
.radio input{width:1.5rem;height:1.5rem;margin:0}
.radio label{font-weight:400;margin:0}
fieldset.group>legend{font-size:1.3rem;margin:1rem 0 .5rem}
.secret{font-size:1.5rem;overflow-wrap:anywhere}
.secret code{padding:.25rem .5rem;border:2px solid #0b0c0c;background:#f3f2f1}
/* A tenant's or a domain's name is one long word: it wraps rather than widening the page at 375 px. */
h1,h2,h3{overflow-wrap:anywhere}
`;
