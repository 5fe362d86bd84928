#!/usr/bin/env bash
# Submits the bankstream pipeline to a running Flink 1.19 session cluster with `flink run`.
#
#   BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS=broker:9092 \
#   BANKSTREAM_JDBC_URL='jdbc:postgresql://db:5432/bank?sslmode=require' \
#   BANKSTREAM_REDIS_HOST=redis FLINK_JOBMANAGER=jobmanager:8081 \
#     deploy/flink-run.sh [--dry-run] [--attached] [--parallelism=4 ...]
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
# BANKSTREAM_PARALLELISM, BANKSTREAM_CHECKPOINT_MS (default 10000), BANKSTREAM_CHECKPOINT_DIR
# (where the job's checkpoints go, a directory the JobManager and every TaskManager reach: s3://,
# hdfs://, or file:// on one machine; default: the cluster's state.checkpoints.dir), FLINK_HOME
# (else `flink` on the PATH; `./bankstream cluster flink` prints the one it assembled),
# BANKSTREAM_JAR (default runners/flink/target/bankstream-pipeline-flink.jar).
#
# Passwords never go on the command line: the pipeline's main() runs in this `flink run`
# process, which inherits BANKSTREAM_DB_PASSWORD and BANKSTREAM_REDIS_PASSWORD from the
# environment, or reads the files named by the *_PASSWORD_FILE settings, and hands them to the
# job inside its serialized steps. An argument that looks like a password is refused.
#
# Before submitting it checks that a Flink REST endpoint answers at FLINK_JOBMANAGER. The
# submission is detached: `flink run -d` with --flinkMaster=[auto] (the CLI's -m chooses the
# cluster and ships the jar), --attachedMode=false and --detach=true (the pipeline returns once the
# job is accepted); the command then prints the job's id, its web page and how to cancel it, and
# exits while the job keeps running. Submitting again after a cancel resumes from the first record
# the database does not hold. With --attached the command stays in the foreground while the job
# runs, and Ctrl-C (SIGINT or SIGTERM) cancels the job.
set -euo pipefail

# shellcheck source=submit-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/submit-common.sh"

attached=false
# Reads --attached (a handler for parse_args); passes anything else on to the pipeline.
flink_args() {
  if [[ $1 == --attached ]]; then
    attached=true
    took=1
  else
    pass_on "$1"
  fi
}
parse_args flink_args "$@"

require_settings
require FLINK_JOBMANAGER "the Flink JobManager's REST address (host:port)"

flink_runner_options
[[ $attached == true ]] || option detach true "the runner"
if [[ -n ${BANKSTREAM_CHECKPOINT_DIR:-} ]]; then
  option stateBackend filesystem BANKSTREAM_CHECKPOINT_DIR
  option stateBackendStoragePath "$BANKSTREAM_CHECKPOINT_DIR" BANKSTREAM_CHECKPOINT_DIR
fi
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

check_flink_rest "$FLINK_JOBMANAGER"

print_command "${cmd[@]}"
if [[ $attached == true ]]; then
  exec "${cmd[@]}"
fi
# Shows the client's output as it comes, and keeps it to find the job's id.
output="$(mktemp)"
trap 'rm -f "$output"' EXIT
status=0
"${cmd[@]}" | tee "$output" || status=$?
((status == 0)) || exit "$status"
job="$(sed -n 's/^Job has been submitted with JobID \([0-9a-f]*\).*/\1/p' "$output")"
if [[ -n $job ]]; then
  echo "Job $job runs on the cluster: http://$FLINK_JOBMANAGER/#/job/running/$job/overview"
  echo "Cancel it with: $flink cancel -m $FLINK_JOBMANAGER $job"
fi
