#!/usr/bin/env bash
# Submits the bankstream pipeline to Spark 3.5 (Scala 2.12) with `spark-submit`.
#
#   BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS=broker:9092 \
#   BANKSTREAM_JDBC_URL='jdbc:postgresql://db:5432/bank?sslmode=require' \
#   BANKSTREAM_REDIS_HOST=redis SPARK_MASTER=spark://master:7077 \
#     runners/spark/spark-submit.sh --dry-run [--windowSeconds=30 ...]
#
# Settings come from the environment; every other argument is passed to the pipeline as is
# (Beam options, --name=value; one given here replaces the one built from the environment).
# It prints the exact command (`+ spark-submit ...`) and runs it; --dry-run only prints it.
#
# Required: BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS, BANKSTREAM_JDBC_URL, BANKSTREAM_REDIS_HOST (the
# pipeline's defaults are loopback addresses, wrong on a cluster) and SPARK_MASTER
# (spark://host:7077, yarn, local[2], ...; also passed to the pipeline as --sparkMaster).
# Optional: SPARK_DEPLOY_MODE (client or cluster, default client), BANKSTREAM_TOPIC,
# BANKSTREAM_CONSUMER_GROUP (default bankstream-spark), BANKSTREAM_KAFKA_CONFIG (Kafka client
# properties: TLS/SASL), BANKSTREAM_DB_USER, BANKSTREAM_DB_PASSWORD_FILE, BANKSTREAM_REDIS_PORT,
# BANKSTREAM_REDIS_SSL, BANKSTREAM_REDIS_PASSWORD_FILE, BANKSTREAM_RULES_FILE,
# BANKSTREAM_WINDOW_SECONDS, BANKSTREAM_SPARK_CHECKPOINT_DIR (a reliable directory, hdfs:// or
# s3://, for Spark streaming's checkpoints; Spark restarts from it, so clear it when the pipeline's
# code changes), SPARK_HOME (else `spark-submit` on the PATH), BANKSTREAM_JAR (default
# runners/spark/target/bankstream-pipeline-spark.jar; Spark itself is not inside, spark-submit
# provides it).
#
# Passwords never go on the command line. In client mode the driver (the pipeline's main()) runs
# in this process and inherits BANKSTREAM_DB_PASSWORD and BANKSTREAM_REDIS_PASSWORD; in cluster
# mode it runs on a worker and does not, so give BANKSTREAM_DB_PASSWORD_FILE and
# BANKSTREAM_REDIS_PASSWORD_FILE naming files present on the workers. An argument that looks like
# a password is refused.
#
# The --add-opens flag is the one Spark 3.5 on Java 17 needs for Beam's runner; spark-submit adds
# the rest of Spark's module flags itself. The command stays in the foreground while the
# streaming job runs; Ctrl-C stops it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MAIN_CLASS=io.bankstream.pipeline.BankstreamPipeline
ADD_OPENS=--add-opens=java.base/sun.nio.ch=ALL-UNNAMED

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
require SPARK_MASTER "the Spark master URL (spark://host:7077, yarn, local[2])"
deploy_mode="${SPARK_DEPLOY_MODE:-client}"
[[ $deploy_mode == client || $deploy_mode == cluster ]] \
  || fail "SPARK_DEPLOY_MODE must be client or cluster, was $deploy_mode"

option runner SparkRunner "the runner"
option sparkMaster "$SPARK_MASTER" SPARK_MASTER
option streaming true "the runner"
option_from_env checkpointDir BANKSTREAM_SPARK_CHECKPOINT_DIR
option_from_env bootstrapServers BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS
option_from_env topic BANKSTREAM_TOPIC
option consumerGroup "${BANKSTREAM_CONSUMER_GROUP:-bankstream-spark}" BANKSTREAM_CONSUMER_GROUP
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

if [[ $deploy_mode == cluster && -n ${BANKSTREAM_DB_PASSWORD:-} ]] && ! given dbPasswordFile \
  && [[ -z ${BANKSTREAM_DB_PASSWORD_FILE:-} ]]; then
  echo "note: in cluster mode the driver does not inherit BANKSTREAM_DB_PASSWORD from here;" \
    "give BANKSTREAM_DB_PASSWORD_FILE, a file present on the workers" >&2
fi

jar="${BANKSTREAM_JAR:-$ROOT/runners/spark/target/bankstream-pipeline-spark.jar}"
if [[ -n ${SPARK_HOME:-} ]]; then
  spark_submit="$SPARK_HOME/bin/spark-submit"
else
  spark_submit=spark-submit
fi

cmd=("$spark_submit" --master "$SPARK_MASTER" --deploy-mode "$deploy_mode" --class "$MAIN_CLASS"
  --conf "spark.driver.extraJavaOptions=$ADD_OPENS"
  --conf "spark.executor.extraJavaOptions=$ADD_OPENS"
  "$jar" "${pipeline[@]}" "${extra[@]+"${extra[@]}"}")

if [[ $dry_run == true ]]; then
  print_command "${cmd[@]}"
  exit 0
fi

[[ -f $jar ]] || fail "jar not found: $jar. Build it with: mvn -B -DskipTests package -pl runners/spark -am (or set BANKSTREAM_JAR)"
if [[ -n ${SPARK_HOME:-} ]]; then
  [[ -x $spark_submit ]] || fail "SPARK_HOME=$SPARK_HOME has no executable bin/spark-submit"
else
  command -v spark-submit >/dev/null 2>&1 \
    || fail "spark-submit not found: set SPARK_HOME or put Spark 3.5's bin/ on the PATH"
fi

print_command "${cmd[@]}"
exec "${cmd[@]}"
