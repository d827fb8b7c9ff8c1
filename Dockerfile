# One recipe for both services' images, built from the repository root:
#   docker build --build-arg SERVICE=cleanup-service -t ricascade/cleanup-service .
#   docker build --build-arg SERVICE=api-service -t ricascade/api-service .
# docker-compose.yml does the same. Stage 1 builds the module's jar with Maven and splits it into
# Spring Boot's layers (dependencies change rarely, so rebuilds reuse their layer); stage 2 runs it on
# a JRE as an unprivileged user. No "# syntax=" line: Docker's built-in frontend handles everything
# here, RUN --mount=type=cache included, so a build needs no registry for the frontend itself.
ARG MAVEN_IMAGE=maven:3.9.11-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.16_8-jre-noble

FROM ${MAVEN_IMAGE} AS build
ARG SERVICE
RUN test -n "$SERVICE" || { echo "build with --build-arg SERVICE=api-service or SERVICE=cleanup-service" >&2; exit 1; }
WORKDIR /workspace
COPY pom.xml ./
COPY .mvn .mvn
COPY common-events common-events
COPY cleanup-service cleanup-service
COPY api-service api-service
# -DskipTests still compiles the tests: the modules' test-jar dependencies must exist to resolve
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -pl "$SERVICE" -am package -DskipTests
RUN cp "$SERVICE"/target/"$SERVICE"-*.jar application.jar \
 && java -Djarmode=tools -jar application.jar extract --layers --destination extracted

FROM ${RUNTIME_IMAGE}
ARG SERVICE
LABEL org.opencontainers.image.title="ri-cascade ${SERVICE}"
# a fixed numeric id, so Kubernetes' runAsNonRoot can verify it (k8s/base sets runAsUser to the same)
RUN groupadd --system --gid 10001 ricascade \
 && useradd --system --uid 10001 --gid ricascade --home-dir /app --shell /usr/sbin/nologin ricascade
WORKDIR /app
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
USER 10001:10001
# The relationship manifest is mounted at /config (compose and k8s both use
# RICASCADE_MANIFEST=file:/config/relationships.yml). No VOLUME: it would give every container an
# anonymous volume that a plain `docker compose down` leaves behind.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/application.jar"]
