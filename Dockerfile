# syntax=docker/dockerfile:1
#
# The images of docker-compose.yml, built from this repository in one multi-stage build:
#   --target app    Java 17 JRE with the four bundled jars in /app (producer, DirectRunner
#                   pipeline, and the Flink and Spark pipeline jars); ENTRYPOINT java -jar.
#                   The default target (the last stage).
#   --target flink  flink:1.19-java17 with /app/bankstream-pipeline-flink.jar, for `flink run`.
#   --target spark  apache/spark:3.5.4-scala2.12-java17-ubuntu (Spark 3.5.4, Scala 2.12, Java 17)
#                   with /app/bankstream-pipeline-spark.jar, for `spark-submit`.
#
# Build by hand: docker build -t bankstream:local .   (BuildKit, Docker 23+)

# ---------------------------------------------------------------------------------------------
# Stage 1: the Maven build.
# No poms-only layer with `mvn dependency:go-offline`: it cannot resolve the reactor's own
# modules (bankstream-model ...) before they are built. The cache mount keeps ~/.m2 across
# builds instead, so a rebuild after a source change downloads nothing.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests -Dspotless.check.skip=true \
        -pl producer,runners/direct,runners/flink,runners/spark -am \
        package

# ---------------------------------------------------------------------------------------------
# The Flink client image: the stock Flink 1.19 image plus the bundled Flink pipeline jar.
FROM flink:1.19-java17 AS flink
COPY --from=build /build/runners/flink/target/bankstream-pipeline-flink.jar /app/bankstream-pipeline-flink.jar

# ---------------------------------------------------------------------------------------------
# The Spark driver image: Spark itself comes from the image (the jar does not bundle it).
FROM apache/spark:3.5.4-scala2.12-java17-ubuntu AS spark
COPY --from=build /build/runners/spark/target/bankstream-pipeline-spark.jar /app/bankstream-pipeline-spark.jar

# ---------------------------------------------------------------------------------------------
# The application image: producer and pipelines, run as a non-root user.
FROM eclipse-temurin:17-jre AS app
RUN groupadd --system --gid 10001 bankstream \
    && useradd --system --uid 10001 --gid bankstream --home-dir /app --no-create-home bankstream
WORKDIR /app
COPY --from=build /build/producer/target/bankstream-producer.jar /app/bankstream-producer.jar
COPY --from=build /build/runners/direct/target/bankstream-pipeline-direct.jar /app/bankstream-pipeline-direct.jar
COPY --from=build /build/runners/flink/target/bankstream-pipeline-flink.jar /app/bankstream-pipeline-flink.jar
COPY --from=build /build/runners/spark/target/bankstream-pipeline-spark.jar /app/bankstream-pipeline-spark.jar
USER bankstream
# Heap up to 75% of the container's memory limit (the JVM's default is 25%).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar"]
CMD ["/app/bankstream-producer.jar", "--help"]
