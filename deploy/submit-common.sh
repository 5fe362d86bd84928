# shellcheck shell=bash
# What deploy/flink-run.sh, deploy/spark-submit.sh and deploy/emr/submit-emr.sh
# share; each sources it right after its `set -euo pipefail`. It only defines functions and
# variables: the reading of --dry-run and --help, the pipeline options built from the BANKSTREAM_*
# settings in the environment (an option among the extra arguments replaces the built one), the
# refusal of a missing setting or of anything that looks like a password, and the printing of the
# exact command.

# The repository's root, where the default jars are built.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MAIN_CLASS=io.bankstream.pipeline.BankstreamPipeline
# The one module flag Spark 3.5 on Java 17 needs for Beam's runner; spark-submit adds the rest.
ADD_OPENS=--add-opens=java.base/sun.nio.ch=ALL-UNNAMED

dry_run=false
# The arguments that go to the pipeline as they are.
extra=()
# The pipeline options built from the environment, and where each one came from.
pipeline=()
names=()

# Prints the help: the header comment of the script that was run, down to its `set -euo` line.
usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[${#BASH_SOURCE[@]} - 1]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

# Prints "error: " and its arguments on stderr and exits with status 2.
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

# Reads the arguments after $1: --dry-run, --help, and -- (all that follows goes to extra).
parse_args() {
  # Any other argument goes to the function $1, with those after it; it sets took to how many
  # of them it used.
  local handle=$1 took
  shift
  while (($#)); do
    case "$1" in
      --dry-run) took=1 dry_run=true ;;
      -h | --help)
        usage
        exit 0
        ;;
      --)
        shift
        extra+=("$@")
        break
        ;;
      *) "$handle" "$@" ;;
    esac
    shift "$took"
  done
}

# Passes argument $1 on to the pipeline (a handler for parse_args).
pass_on() {
  extra+=("$1")
  took=1
}

# Whether the pipeline option $1 (without --) is among the extra arguments.
given() {
  local arg
  for arg in "${extra[@]+"${extra[@]}"}"; do
    [[ $arg == "--$1" || $arg == "--$1="* ]] && return 0
  done
  return 1
}

# Fails unless environment variable $1 is set; $2 says what it holds.
require() {
  [[ -n ${!1:-} ]] || fail "$1 is not set: $2"
}

# Fails unless the Kafka, JDBC and Redis settings are set; $1, $2, $3 can say what each holds.
require_settings() {
  require BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS "${1:-the Kafka bootstrap servers (host:port,...) to read from}"
  require BANKSTREAM_JDBC_URL "${2:-the PostgreSQL JDBC URL (jdbc:postgresql://host:5432/bank)}"
  require BANKSTREAM_REDIS_HOST "${3:-the Redis host for the live statistics}"
}

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

# Adds the FlinkRunner's options: the runner, checkpointing and parallelism.
flink_runner_options() {
  option runner FlinkRunner "the runner"
  option flinkMaster "[auto]" "the runner"
  option attachedMode false "the runner"
  option streaming true "the runner"
  option checkpointingInterval "${BANKSTREAM_CHECKPOINT_MS:-10000}" BANKSTREAM_CHECKPOINT_MS
  option_from_env parallelism BANKSTREAM_PARALLELISM
}

# Adds the SparkRunner's options: the runner, the Spark master $1 (from $2), checkpointing: a
# directory of this submission's own under BANKSTREAM_SPARK_CHECKPOINT_DIR. Spark streaming
# recovers a restarted job from a checkpoint it finds, with Beam's read positions in it, which can
# be past records never written (a lost executor's, see README "Spark standalone cluster"); a fresh
# one makes the pipeline start where ResumePoint puts it: the first record the database lacks.
spark_runner_options() {
  option runner SparkRunner "the runner"
  option sparkMaster "$1" "$2"
  option streaming true "the runner"
  if [[ -n ${BANKSTREAM_SPARK_CHECKPOINT_DIR:-} ]]; then
    option checkpointDir "${BANKSTREAM_SPARK_CHECKPOINT_DIR%/}/run-$(date -u +%Y%m%dT%H%M%SZ)-$RANDOM" \
      BANKSTREAM_SPARK_CHECKPOINT_DIR
  fi
}

# Adds the Kafka, JDBC, Redis and rules options; $1 (spark or flink) names the consumer group.
settings_options() {
  option_from_env bootstrapServers BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS
  option_from_env topic BANKSTREAM_TOPIC
  option consumerGroup "${BANKSTREAM_CONSUMER_GROUP:-bankstream-$1}" BANKSTREAM_CONSUMER_GROUP
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
}

# Refuses a password in an option or extra argument ("$1 N"), unprinted; $2, $3 end the messages.
check_no_password() {
  # $2 follows a password's value found ({secret} in it names the variable), $3 the word; by
  # default they send the password to the environment or a file, off the command line.
  local label=${1:-argument} i arg where secret secret_value
  local value_advice=${2:-"passwords never go on the command line (the pipeline reads {secret} from the environment, or a --dbPasswordFile/--redisPasswordFile)"}
  local word_advice=${3:-"passwords never go on the command line: use BANKSTREAM_DB_PASSWORD/BANKSTREAM_REDIS_PASSWORD in the environment or --dbPasswordFile/--redisPasswordFile"}
  local all=("${pipeline[@]}" "${extra[@]+"${extra[@]}"}")
  for i in "${!all[@]}"; do
    arg=${all[$i]}
    if ((i < ${#pipeline[@]})); then where="the setting ${names[$i]}"; else where="$label $((i - ${#pipeline[@]} + 1))"; fi
    for secret in BANKSTREAM_DB_PASSWORD BANKSTREAM_REDIS_PASSWORD; do
      secret_value=${!secret:-}
      # A user name is no secret: a password equal to it (the local stack's bank_etl) is known.
      [[ $arg == --dbUser=* && ${arg#--dbUser=} == "$secret_value" ]] && continue
      # A value this short would match by chance; the pattern check below still applies.
      if [[ ${#secret_value} -ge 4 && $arg == *"$secret_value"* ]]; then
        fail "$where contains the value of $secret; ${value_advice//'{secret}'/$secret}"
      fi
    done
    if [[ ${arg,,} == *password* || ${arg,,} == *passwd* ]] \
      && ! [[ $arg =~ ^--(db|redis)PasswordFile=[^=]*$ ]]; then
      fail "$where seems to carry a password; $word_advice"
    fi
  done
}

# Fails unless an HTTP server answers at host:port $1 within 10 s (GET /config, as Flink's REST
# API serves it); $2 names the variable that gave it, $3 says what to do instead.
check_flink_rest() {
  local address=$1 host port reply=""
  host=${address%:*}
  port=${address##*:}
  [[ $host != "$address" && $port =~ ^[0-9]+$ ]] \
    || fail "FLINK_JOBMANAGER must be host:port of the JobManager's REST endpoint, was '$address'"
  # bash's /dev/tcp: no curl needed on the submitting machine.
  reply=$(timeout 10 "$BASH" -c 'exec 3<>"/dev/tcp/$0/$1" && printf "GET /config HTTP/1.0\r\nHost: %s\r\n\r\n" "$0" >&3 && IFS= read -r -n 12 line <&3 && printf %s "$line"' "$host" "$port" 2>/dev/null) || true
  [[ $reply == "HTTP/1."[01]" 2"* ]] \
    || fail "no Flink JobManager answers at $address (FLINK_JOBMANAGER): start one (./bankstream cluster flink) or correct the address (host:port of its REST endpoint, 8081 by default)"
}

# Fails unless something listens at the host and port of Spark master URL $1 (spark://host:port)
# within 10 s; other masters (yarn, local[N], k8s://) are not checked.
check_spark_master() {
  local master=$1 address host port
  [[ $master == spark://* ]] || return 0
  address=${master#spark://}
  address=${address%%,*}
  host=${address%:*}
  port=${address##*:}
  timeout 10 "$BASH" -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null \
    || fail "no Spark master answers at $master (SPARK_MASTER): start one (./bankstream cluster spark) or correct the URL (spark://host:7077)"
}

# With --dry-run, prints the command $@ and exits 0; else does nothing.
exit_if_dry_run() {
  if [[ $dry_run == true ]]; then
    print_command "$@"
    exit 0
  fi
}
