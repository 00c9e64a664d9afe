namespace Chat.Bench.Report;

/// <summary>The fixed prose of BENCHMARKS.md: how to run and how the figures are made.</summary>
internal static class MarkdownText
{
    public const string HowToRun = """
        ## How to run

            bench/run.sh            # the full run (15 to 30 minutes): writes BENCHMARKS.md and bench/results.json
            bench/run.sh --smoke    # every scenario tiny, results in a temp folder; exit 1 on anything lost, duplicated or refused

        `bench/run.sh` needs what `scripts/cluster.sh` needs (MariaDB, Redis and nginx from Debian, installed when run
        as root) and `../shared/baseline-relay`: the full run refuses to start without the relay, the smoke then warns
        and measures the product alone. It builds `bench/Chat.Bench` in Release, copies the relay to a temp folder and
        builds it there, raises `ulimit -n`, starts the product (`scripts/cluster.sh up 2` with `CHAT_CLUSTER_DIR` in a
        temp folder) and the relay (2 nodes behind a second nginx with the same `nginx/chat.conf`, on the cluster's
        Redis), all on free loopback ports, measures how fast a fresh node gets ready, runs the load generator and
        stops everything it started when it exits. Its own options are `--smoke`, `--out DIR` (where `results.json`
        and `BENCHMARKS.md` go; a full run defaults to the repo, the smoke to its temp folder) and `--keep` (keep the
        temp folder with every log); any other option goes to the load generator:
        """;

    public const string Method = """
        ## Method

        - **Two stacks side by side.** The product (2 `Chat.Server` nodes on MariaDB, started by `scripts/cluster.sh`)
          and the baseline relay (`../shared/baseline-relay`: 2 nodes of bare ASP.NET Core SignalR with the Redis
          backplane, no database, the user id as token) run at the same time on this machine, each behind its own
          nginx made from `nginx/chat.conf` (2 workers, `least_conn`), both on the same Redis. They are driven one at a
          time, relay first, with identical load; the other stack idles meanwhile. The targets compare the product to
          the relay of the same run, since absolute figures on a shared 2-core machine vary from run to run.
        - **The client.** `bench/Chat.Bench` speaks nothing but `../shared/PROTOCOL.md`: WebSockets without negotiation,
          the JSON hub protocol, the login's access token. The stepped scenarios (direct, mixed, group) send and count over a
          lean connection of its own (`Setup/LeanHubConnection.cs`: each invocation written onto the socket by the
          sending thread, one read loop per connection that parses only what a step counts); the official .NET SignalR
          client, which puts a pipe, a send loop and thread-pool hops between each call and the socket, capped the
          relay at a quarter of its real rate. Set-up calls and the other scenarios use the official client, since
          they measure what any client sees (reconnects, catch-up). It shares the 2 cores with the servers, run at nice -10 so
          that their threads cannot starve its sending thread (at 0 its sends ran 50 ms late at 12 000 msg/s on the
          relay): its CPU and lateness are in every table.
        - **Open loop.** Message *i* of a step is due at *start + i / rate*, the senders taking turns, and is sent then
          whether or not earlier ones were answered. Latencies run from that due time, so a server that falls behind
          shows as latency, never as a politely slower sender (no coordinated omission). *Lateness* is the actual send
          start minus the due time: when it grows, the generator itself is the bottleneck, and a step whose lateness
          p99 passes 10 ms is marked *generator-bound*. Past the listed rates the ladder goes on by its last increment
          while steps pass, so each stack's knee is found, not a ceiling of the ladder.
        - **Figures of a step.** *offered*: messages due per second. *delivered/s*: deliveries received divided by the
          time from the step's start to the last delivery. *acked*: `SendDirect`/`SendGroup` (in a mixed step also
          `SendMessage`, `EditMessage`, `React`) returned the stored message; *refused*: the invocation failed;
          *unanswered*: no answer by the end of the drain (a few seconds after the last send). *lost*: deliveries owed
          for acknowledged messages that never arrived. *dup*: one message delivered twice to one connection.
          *p50/p95/p99/max*: due time to `MessageReceived` (for a change: `MessageUpdated`) on the receiving
          connection, per delivery. *ack*: due time to the invocation's answer. *CPU %*: the process's CPU time over
          the step's wall time, 100 being one core (counted in 10 ms ticks: coarse for windows under a second, such as
          the relay's logins). *RSS*: the largest resident memory seen, sampled every 0.5 s.
          Latencies are kept in fixed-size histograms (1% precision), deliveries in one counter each.
        - **Stepping.** A step passes when p99 < 100 ms and nothing is lost, duplicated, refused or unanswered. Rates
          step up until one fails; the result is the highest rate passed before the first failure. The 1000 msg/s step
          always runs, since a target compares p99 there. Each stepped scenario starts with a warm-up at its first
          rate (10 s), listed in its table but not judged: the first seconds of traffic on a fresh process pay for
          JIT tiering and the first garbage collections.
        - **Quiet between measurements.** Before each scenario and each step the generator collects its own garbage
          and waits (up to 30 s) until the servers together use less than a quarter of a core, so one scenario's
          aftermath, such as thousands of connections closing, does not land on the next one or the other stack.
        - **Product limits** are raised by configuration for the run, since every client comes from 127.0.0.1:
          `Accounts__RequestsPerMinutePerAddress=1000000`, `Hub__MessageBurst=100000`, `Hub__MessagesPerSecond=100000`.
        """;
}
