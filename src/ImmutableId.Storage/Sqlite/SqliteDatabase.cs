using Microsoft.Data.Sqlite;

namespace ImmutableId.Storage.Sqlite;

/// <summary>The SQLite file: connections (pooled, WAL, busy timeout) and the schema, created once on first use.</summary>
internal sealed class SqliteDatabase
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS audit (
            operation_id TEXT NOT NULL PRIMARY KEY,
            sort_key     TEXT NOT NULL UNIQUE,
            time_ms      INTEGER NOT NULL,
            upn          TEXT NULL,
            ticket       TEXT NULL,
            outcome      TEXT NOT NULL,
            record       TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS audit_upn ON audit (upn, sort_key);
        CREATE INDEX IF NOT EXISTS audit_ticket ON audit (ticket, sort_key);
        CREATE INDEX IF NOT EXISTS audit_pending ON audit (outcome, time_ms);
        CREATE TABLE IF NOT EXISTS idempotency (
            scope        TEXT NOT NULL,
            key          TEXT NOT NULL,
            fingerprint  TEXT NOT NULL,
            claimed_ms   INTEGER NOT NULL,
            expires_ms   INTEGER NOT NULL,
            completed    INTEGER NOT NULL,
            status_code  INTEGER NULL,
            content_type TEXT NULL,
            body         TEXT NULL,
            operation_id TEXT NULL,
            answer_kind  TEXT NULL,
            PRIMARY KEY (scope, key)
        );
        CREATE INDEX IF NOT EXISTS idempotency_expiry ON idempotency (expires_ms);
        CREATE TABLE IF NOT EXISTS readiness (
            id        INTEGER NOT NULL PRIMARY KEY,
            probed_ms INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS user_lease (
            user       TEXT NOT NULL PRIMARY KEY,
            owner      TEXT NOT NULL,
            expires_ms INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS mirror (
            object_guid TEXT NOT NULL PRIMARY KEY,
            upn         TEXT NULL COLLATE NOCASE,
            sam         TEXT NULL COLLATE NOCASE,
            mail        TEXT NULL COLLATE NOCASE,
            proxies     TEXT NOT NULL,
            agent_id    TEXT NOT NULL,
            sequence    INTEGER NOT NULL,
            observed_ms INTEGER NOT NULL,
            usn         INTEGER NOT NULL,
            entry       TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS mirror_upn ON mirror (upn);
        CREATE INDEX IF NOT EXISTS mirror_sam ON mirror (sam);
        CREATE INDEX IF NOT EXISTS mirror_mail ON mirror (mail);
        CREATE INDEX IF NOT EXISTS mirror_by_agent ON mirror (agent_id, sequence);
        CREATE TABLE IF NOT EXISTS mirror_agent (
            agent_id       TEXT NOT NULL PRIMARY KEY,
            last_sequence  INTEGER NOT NULL,
            last_sync_ms   INTEGER NULL,
            last_full_ms   INTEGER NULL,
            version        TEXT NULL,
            dc             TEXT NULL,
            high_water     INTEGER NULL
        );
        CREATE TABLE IF NOT EXISTS job (
            job_id      TEXT NOT NULL PRIMARY KEY,
            owner_key   TEXT NOT NULL,
            created_ms  INTEGER NOT NULL,
            job         TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS job_owner ON job (owner_key, created_ms);
        CREATE TABLE IF NOT EXISTS job_item (
            job_id       TEXT NOT NULL,
            idx          INTEGER NOT NULL,
            status       TEXT NOT NULL,
            codes        TEXT NOT NULL,
            completed_ms INTEGER NULL,
            item         TEXT NOT NULL,
            PRIMARY KEY (job_id, idx)
        );
        CREATE INDEX IF NOT EXISTS job_item_status ON job_item (job_id, status, idx);
        CREATE TABLE IF NOT EXISTS job_queue (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            body          TEXT NOT NULL,
            visible_ms    INTEGER NOT NULL,
            dequeue_count INTEGER NOT NULL DEFAULT 0,
            receipt       TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS job_queue_visible ON job_queue (visible_ms, id);
        CREATE TABLE IF NOT EXISTS write_budget (
            name       TEXT NOT NULL PRIMARY KEY,
            state      TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS webhook_subscription (
            id           TEXT NOT NULL PRIMARY KEY,
            owner_key    TEXT NOT NULL,
            created_ms   INTEGER NOT NULL,
            subscription TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS webhook_subscription_owner ON webhook_subscription (owner_key, created_ms);
        CREATE TABLE IF NOT EXISTS webhook_delivery (
            id              TEXT NOT NULL PRIMARY KEY,
            subscription_id TEXT NOT NULL,
            state           TEXT NOT NULL,
            created_ms      INTEGER NOT NULL,
            next_ms         INTEGER NOT NULL,
            claimed_ms      INTEGER NOT NULL DEFAULT 0,
            delivery        TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS webhook_delivery_due ON webhook_delivery (state, next_ms);
        CREATE INDEX IF NOT EXISTS webhook_delivery_subscription ON webhook_delivery (subscription_id, created_ms);
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public SqliteDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        FilePath = full;
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <summary>An open connection; the schema exists.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using (var pragma = connection.CreateCommand())
            {
                // Writers wait for each other instead of failing with SQLITE_BUSY; FULL sync makes an intent durable.
                pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (!_initialized)
            {
                await InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            using var command = connection.CreateCommand();
            command.CommandText = Schema;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await AddColumnAsync(connection, "idempotency", "answer_kind", "TEXT NULL", cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <summary>Adds a column a file created by an earlier version lacks (CREATE TABLE IF NOT EXISTS keeps the old table).</summary>
    private static async Task AddColumnAsync(SqliteConnection connection, string table, string column, string definition, CancellationToken cancellationToken)
    {
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";
        exists.Parameters.AddWithValue("$table", table);
        exists.Parameters.AddWithValue("$column", column);
        if ((long)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0)
        {
            return;
        }

        using var alter = connection.CreateCommand();
        alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {definition}";
        try
        {
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
        {
            // Another process sharing the file added it first.
        }
    }
}
