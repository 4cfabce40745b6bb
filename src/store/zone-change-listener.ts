import pg from 'pg';

/** The NOTIFY channel of zone changes (ZoneRepository.announceChange); the payload names schema and zone. */
export const ZONE_CHANNEL = 'hostplane_zone_changed';
/** The listener's application_name, before its schema's name. */
export const LISTENER_NAME = 'hostplane zones';

export interface ZoneChangeHandlers {
  /** Zone `name` of this store changed (committed): re-read it if its serial moved. */
  changed(name: string): void;
  /**
   * The connection was (re)established after a loss: notifications sent meanwhile are gone for good
   * (PostgreSQL queues them only for listening sessions), so everything must be reconciled once.
   */
  resync(): void;
  log: { warn(data: object, message: string): void };
}

export interface ZoneChangeListener {
  close(): Promise<void>;
}

/** Waits before reconnecting: 0.25 s, doubling to 10 s at most, from the first failure in a row. */
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

/**
 * LISTENs for zone changes on PostgreSQL `databaseUrl`, on a connection of its own: a pooled one would
 * stop hearing when the pool hands it back or closes it. The connection is kept: when it drops (the
 * server restarts, a network cut, an idle timeout), it is made again with growing pauses, and `resync`
 * is called once listening again, since what was announced meanwhile was not heard. A payload from
 * another schema of the same database (another hostplane, or a test) is not ours and is ignored.
 * Resolves once listening for the first time; rejects when that first connection fails (the caller's
 * start fails with the reason, as it does for the store itself).
 */
export async function listenForZoneChanges(databaseUrl: string, handlers: ZoneChangeHandlers): Promise<ZoneChangeListener> {
  let closed = false;
  let client: pg.Client | undefined;
  let retryMs = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl });
    // An error on an idle client (the server went away) is reported here and ends the connection.
    c.on('error', (err) => handlers.log.warn({ err }, 'zone change listener: connection error'));
    // Only an established connection's end calls for a new one; a failed attempt is retried by schedule.
    c.on('end', () => {
      if (client !== c) return;
      client = undefined;
      if (!closed) schedule();
    });
    try {
      await c.connect();
      const schema = (await c.query<{ schema: string }>('select current_schema() as schema')).rows[0]!.schema;
      c.on('notification', (message) => {
        if (message.channel !== ZONE_CHANNEL || !message.payload) return;
        let payload: { schema?: unknown; zone?: unknown };
        try {
          payload = JSON.parse(message.payload) as typeof payload;
        } catch {
          return;
        }
        if (payload.schema === schema && typeof payload.zone === 'string') handlers.changed(payload.zone);
      });
      // Named in pg_stat_activity with its schema, so an operator (or a test) can tell the listeners apart.
      await c.query(`set application_name = ${c.escapeLiteral(`${LISTENER_NAME} ${schema}`.slice(0, 63))}`);
      await c.query(`listen ${c.escapeIdentifier(ZONE_CHANNEL)}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    if (closed) {
      await c.end();
      return;
    }
    client = c;
  };

  const schedule = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect().then(
        () => {
          retryMs = RETRY_MIN_MS;
          if (!closed) handlers.resync();
        },
        (err) => {
          handlers.log.warn({ err, retryMs }, 'zone change listener: reconnecting failed');
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
          schedule();
        },
      );
    }, retryMs);
    timer.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
