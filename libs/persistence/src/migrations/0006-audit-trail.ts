// The audit trail: `access_logs`, append-only and range-partitioned by month on `at` so that
// retention drops whole partitions, and `audit_digests`, the signed hash chain that seals it.
// Both refuse UPDATE, DELETE and TRUNCATE through triggers, which bind even a superuser unless
// they are switched off first; switching them off is what the digest chain then exposes.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditTrail1764000000600 implements MigrationInterface {
  name = 'AuditTrail1764000000600';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;

      CREATE SEQUENCE access_logs_id_seq AS bigint;
      CREATE TABLE access_logs (
        -- The insertion sequence: digests cover id ranges, so an entry whose 'at' falls in an
        -- already sealed window is still sealed, by the next digest.
        id          bigint NOT NULL DEFAULT nextval('access_logs_id_seq'),
        at          timestamptz NOT NULL,
        action      text NOT NULL CHECK (action ~ '^[a-z]+([._][a-z]+)*$' AND length(action) <= 40),
        outcome     text NOT NULL CHECK (outcome IN ('granted', 'denied')),
        reason      text CHECK (length(reason) <= 200),
        user_id     text CHECK (length(user_id) <= 64),
        session_id  text CHECK (length(session_id) <= 64),
        video_id    text CHECK (length(video_id) <= 64),
        resource    text CHECK (length(resource) <= 512),
        ip          text CHECK (length(ip) <= 64),
        user_agent  text CHECK (length(user_agent) <= 512),
        request_id  text CHECK (length(request_id) <= 64),
        PRIMARY KEY (id, at)
      ) PARTITION BY RANGE (at);
      ALTER SEQUENCE access_logs_id_seq OWNED BY access_logs.id;

      -- Newest first everywhere: each filter has an index ending in (at DESC, id DESC), so a page
      -- is one index range scan whether it is the first or the thousandth.
      CREATE INDEX access_logs_at_idx ON access_logs (at DESC, id DESC);
      CREATE INDEX access_logs_video_idx ON access_logs (video_id, at DESC, id DESC) WHERE video_id IS NOT NULL;
      CREATE INDEX access_logs_user_idx ON access_logs (user_id, at DESC, id DESC) WHERE user_id IS NOT NULL;
      CREATE INDEX access_logs_session_idx ON access_logs (session_id, at DESC, id DESC) WHERE session_id IS NOT NULL;
      CREATE INDEX access_logs_denied_idx ON access_logs (at DESC, id DESC) WHERE outcome = 'denied';

      CREATE TRIGGER access_logs_append_only BEFORE UPDATE OR DELETE ON access_logs
        FOR EACH ROW EXECUTE FUNCTION audit_append_only();
      CREATE TRIGGER access_logs_no_truncate BEFORE TRUNCATE ON access_logs
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

      -- Creates the partition of one UTC month ('YYYY-MM') if it is missing. SECURITY DEFINER so
      -- that an API role with only INSERT and SELECT can still open a new month.
      CREATE FUNCTION audit_ensure_partition(month text) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
      DECLARE
        part  text;
        lower timestamptz;
        upper timestamptz;
      BEGIN
        IF month !~ '^[0-9]{4}-(0[1-9]|1[0-2])$' THEN
          RAISE EXCEPTION 'audit partition month must be YYYY-MM, got %', month;
        END IF;
        part := 'access_logs_' || replace(month, '-', '_');
        -- Month arithmetic on dates, never on timestamptz (which would follow the session's zone).
        lower := (month || '-01 00:00:00+00')::timestamptz;
        upper := (to_char((month || '-01')::date + interval '1 month', 'YYYY-MM-DD') || ' 00:00:00+00')::timestamptz;
        IF to_regclass(part) IS NULL THEN
          BEGIN
            EXECUTE format('CREATE TABLE %I PARTITION OF access_logs FOR VALUES FROM (%L) TO (%L)',
              part, lower, upper);
            -- Statement triggers are not inherited: a partition needs its own TRUNCATE guard.
            EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()',
              part || '_no_truncate', part);
          EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL; -- another process created it at the same moment
          END;
        END IF;
        RETURN part;
      END $$;
      SELECT audit_ensure_partition(to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM'));
      SELECT audit_ensure_partition(to_char((now() AT TIME ZONE 'UTC') + interval '1 month', 'YYYY-MM'));

      CREATE TABLE audit_digests (
        seq           bigint PRIMARY KEY CHECK (seq >= 1),
        window_start  timestamptz NOT NULL,
        window_end    timestamptz NOT NULL CHECK (window_end > window_start),
        first_id      bigint NOT NULL CHECK (first_id >= 1),
        last_id       bigint NOT NULL CHECK (last_id >= first_id - 1),
        entry_count   bigint NOT NULL CHECK (entry_count >= 0),
        parts         jsonb NOT NULL,
        previous_hash text NOT NULL,
        hash          text NOT NULL UNIQUE,
        signature     text NOT NULL,
        sealed_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_digests_window_idx ON audit_digests (window_end);
      CREATE TRIGGER audit_digests_append_only BEFORE UPDATE OR DELETE ON audit_digests
        FOR EACH ROW EXECUTE FUNCTION audit_append_only();
      CREATE TRIGGER audit_digests_no_truncate BEFORE TRUNCATE ON audit_digests
        FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE audit_digests; DROP TABLE access_logs;
      DROP FUNCTION audit_ensure_partition; DROP FUNCTION audit_append_only;
    `);
  }
}
