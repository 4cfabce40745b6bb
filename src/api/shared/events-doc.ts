import { EVENT_TYPES } from '../../core/events/event-types.js';

/** The event types and what each tells, as a Markdown list for both dialects' descriptions in /docs. */
export const EVENT_TYPES_DOC = Object.entries(EVENT_TYPES).map(([type, about]) => `- \`${type}\`: ${about}`).join('\n');

export const EVENT_FILTERS_DOC =
  '`type` is one of the types below; `since` (inclusive) and `until` (exclusive) are dates (`2026-03-01`, ' +
  'midnight UTC) or ISO 8601 times with a zone (`2026-03-01T10:00:00Z`). A filter that is none of these is ' +
  'refused with 422, each bad one named. Newest first. The actor is who did it: `customer` (an account id), ' +
  '`partner` (the visible prefix of the API key or access token, or `person:<id>` for a person in the panel), ' +
  '`operator` (the login name on the server) or `system` (a job kind, or `schedule`); `request_id` is the ' +
  '`X-Request-Id` header of the answer to the request that made the change, `address` its source address.';
