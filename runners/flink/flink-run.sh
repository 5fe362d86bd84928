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

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MAIN_CLASS=io.bankstream.pipeline.BankstreamPipeline

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

fail() {
  echo "error: $*" >&2
  exit 2
}

# Prints its arguments as one shell command line that can be copied and run as is.
print_command() {
  local out="+" arg
  for arg in "$@"; do
    if [[ -n $arg && $arg =~ ^[A-Za-z0-9_@%+=:,./-]+$ ]]; then
      out+=" $arg"
    else
      out+=" '${arg//\'/\'\\\'\'}'"
    fi
  done
  printf '%s\n' "$out"
}

dry_run=false
extra=()
while (($#)); do
  case "$1" in
    --dry-run) dry_run=true ;;
    -h | --help)
      usage
      exit 0
      ;;
    --)
      shift
      extra+=("$@")
      break
      ;;
    *) extra+=("$1") ;;
  esac
  shift
done

# Whether the pipeline option $1 (without --) is among the extra arguments.
given() {
  local arg
  for arg in "${extra[@]+"${extra[@]}"}"; do
    [[ $arg == "--$1" || $arg == "--$1="* ]] && return 0
  done
  return 1
}

require() {
  [[ -n ${!1:-} ]] || fail "$1 is not set: $2"
}

pipeline=()
names=()
# Adds --$1=$2 unless the caller passed --$1 already; $3 names where the value came from.
option() {
  given "$1" && return 0
  pipeline+=("--$1=$2")
  names+=("$3")
}
# Adds --$1 from environment variable $2 when it is set.
option_from_env() {
  [[ -n ${!2:-} ]] && option "$1" "${!2}" "$2"
  return 0
}

require BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS "the Kafka bootstrap servers (host:port,...) to read from"
require BANKSTREAM_JDBC_URL "the PostgreSQL JDBC URL (jdbc:postgresql://host:5432/bank)"
require BANKSTREAM_REDIS_HOST "the Redis host for the live statistics"
require FLINK_JOBMANAGER "the Flink JobManager's REST address (host:port)"

option runner FlinkRunner "the runner"
option flinkMaster "[auto]" "the runner"
option attachedMode false "the runner"
option streaming true "the runner"
option checkpointingInterval "${BANKSTREAM_CHECKPOINT_MS:-10000}" BANKSTREAM_CHECKPOINT_MS
option_from_env parallelism BANKSTREAM_PARALLELISM
option_from_env bootstrapServers BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS
option_from_env topic BANKSTREAM_TOPIC
option consumerGroup "${BANKSTREAM_CONSUMER_GROUP:-bankstream-flink}" BANKSTREAM_CONSUMER_GROUP
option_from_env kafkaConfigFile BANKSTREAM_KAFKA_CONFIG
option_from_env jdbcUrl BANKSTREAM_JDBC_URL
option_from_env dbUser BANKSTREAM_DB_USER
option_from_env dbPasswordFile BANKSTREAM_DB_PASSWORD_FILE
option_from_env redisHost BANKSTREAM_REDIS_HOST
option_from_env redisPort BANKSTREAM_REDIS_PORT
option_from_env redisSsl BANKSTREAM_REDIS_SSL
option_from_env redisPasswordFile BANKSTREAM_REDIS_PASSWORD_FILE
option_from_env rulesFile BANKSTREAM_RULES_FILE
option_from_env windowSeconds BANKSTREAM_WINDOW_SECONDS

# Refuses anything that looks like a password on the command line (without printing it).
check_no_password() {
  local i arg where secret secret_value
  local all=("${pipeline[@]}" "${extra[@]+"${extra[@]}"}")
  for i in "${!all[@]}"; do
    arg=${all[$i]}
    if ((i < ${#pipeline[@]})); then where="the setting ${names[$i]}"; else where="argument $((i - ${#pipeline[@]} + 1))"; fi
    for secret in BANKSTREAM_DB_PASSWORD BANKSTREAM_REDIS_PASSWORD; do
      secret_value=${!secret:-}
      # A value this short would match by chance; the pattern check below still applies.
      if [[ ${#secret_value} -ge 4 && $arg == *"$secret_value"* ]]; then
        fail "$where contains the value of $secret; passwords never go on the command line (the pipeline reads $secret from the environment, or a --dbPasswordFile/--redisPasswordFile)"
      fi
    done
    if [[ ${arg,,} == *password* || ${arg,,} == *passwd* ]] \
      && ! [[ $arg =~ ^--(db|redis)PasswordFile=[^=]*$ ]]; then
      fail "$where seems to carry a password; passwords never go on the command line: use BANKSTREAM_DB_PASSWORD/BANKSTREAM_REDIS_PASSWORD in the environment or --dbPasswordFile/--redisPasswordFile"
    fi
  done
}
check_no_password

jar="${BANKSTREAM_JAR:-$ROOT/runners/flink/target/bankstream-pipeline-flink.jar}"
if [[ -n ${FLINK_HOME:-} ]]; then
  flink="$FLINK_HOME/bin/flink"
else
  flink=flink
fi

cmd=("$flink" run -m "$FLINK_JOBMANAGER" -d -c "$MAIN_CLASS" "$jar"
  "${pipeline[@]}" "${extra[@]+"${extra[@]}"}")

if [[ $dry_run == true ]]; then
  print_command "${cmd[@]}"
  exit 0
fi

[[ -f $jar ]] || fail "jar not found: $jar. Build it with: mvn -B -DskipTests package -pl runners/flink -am (or set BANKSTREAM_JAR)"
if [[ -n ${FLINK_HOME:-} ]]; then
  [[ -x $flink ]] || fail "FLINK_HOME=$FLINK_HOME has no executable bin/flink"
else
  command -v flink >/dev/null 2>&1 || fail "flink not found: set FLINK_HOME or put Flink 1.19's bin/ on the PATH"
fi

print_command "${cmd[@]}"
exec "${cmd[@]}"
