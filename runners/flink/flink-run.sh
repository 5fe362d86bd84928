#!/usr/bin/env bash
# Submits the bankstream pipeline to a running Flink 1.19 cluster with `flink run`.
#
#   BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS=broker:9092 \
#   BANKSTREAM_JDBC_URL='jdbc:postgresql://db:5432/bank?sslmode=require' \
#   BANKSTREAM_REDIS_HOST=redis FLINK_JOBMANAGER=jobmanager:8081 \
#     runners/flink/flink-run.sh --dry-run [--parallelism=4 ...]
#
# Settings come from the environment; every other argument is passed to the pipeline as is
# (Beam options, --name=value; one given here replaces the one built from the environment).
# It prints the exact command (`+ flink run ...`) and runs it; --dry-run only prints it.
#
# Required: BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS, BANKSTREAM_JDBC_URL, BANKSTREAM_REDIS_HOST (the
# pipeline's defaults are loopback addresses, wrong on a cluster) and FLINK_JOBMANAGER (host:port
# of the JobManager's REST endpoint). Optional: BANKSTREAM_TOPIC, BANKSTREAM_CONSUMER_GROUP
# (default bankstream-flink), BANKSTREAM_KAFKA_CONFIG (Kafka client properties: TLS/SASL),
# BANKSTREAM_DB_USER, BANKSTREAM_DB_PASSWORD_FILE, BANKSTREAM_REDIS_PORT, BANKSTREAM_REDIS_SSL,
# BANKSTREAM_REDIS_PASSWORD_FILE, BANKSTREAM_RULES_FILE, BANKSTREAM_WINDOW_SECONDS,
# BANKSTREAM_PARALLELISM, BANKSTREAM_CHECKPOINT_MS (default 10000), FLINK_HOME (else `flink` on
# the PATH), BANKSTREAM_JAR (default runners/flink/target/bankstream-pipeline-flink.jar).
#
# Passwords never go on the command line: the pipeline's main() runs in this `flink run`
# process, which inherits BANKSTREAM_DB_PASSWORD and BANKSTREAM_REDIS_PASSWORD from the
# environment, or reads the files named by the *_PASSWORD_FILE settings. An argument that looks
# like a password is refused.
#
# --flinkMaster=[auto] lets the CLI's -m choose the cluster and ship the jar (with host:port Beam
# would bypass the CLI and stage files of its own); --attachedMode=false goes with -d (Beam then
# submits asynchronously instead of asking a detached job for its results). The command stays in
# the foreground while the job runs: the pipeline polls the job's state, and Ctrl-C (SIGINT or
# SIGTERM) cancels the job.
set -euo pipefail

# shellcheck source=../submit-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../submit-common.sh"

parse_args pass_on "$@"

require_settings
require FLINK_JOBMANAGER "the Flink JobManager's REST address (host:port)"

flink_runner_options
settings_options flink
# Refuses anything that looks like a password on the command line (without printing it).
check_no_password

jar="${BANKSTREAM_JAR:-$ROOT/runners/flink/target/bankstream-pipeline-flink.jar}"
if [[ -n ${FLINK_HOME:-} ]]; then
  flink="$FLINK_HOME/bin/flink"
else
  flink=flink
fi

cmd=("$flink" run -m "$FLINK_JOBMANAGER" -d -c "$MAIN_CLASS" "$jar"
  "${pipeline[@]}" "${extra[@]+"${extra[@]}"}")

exit_if_dry_run "${cmd[@]}"

[[ -f $jar ]] || fail "jar not found: $jar. Build it with: mvn -B -DskipTests package -pl runners/flink -am (or set BANKSTREAM_JAR)"
if [[ -n ${FLINK_HOME:-} ]]; then
  [[ -x $flink ]] || fail "FLINK_HOME=$FLINK_HOME has no executable bin/flink"
else
  command -v flink >/dev/null 2>&1 || fail "flink not found: set FLINK_HOME or put Flink 1.19's bin/ on the PATH"
fi

print_command "${cmd[@]}"
exec "${cmd[@]}"
