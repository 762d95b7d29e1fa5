# The dockmedic image, built from source in three stages (see SPEC/shipping.md):
#   docker build -t dockmedic .                       # official Maven and Eclipse Temurin bases
#   scripts/image.sh --local dockmedic:dev            # no registry: local Debian stand-in bases
# Run it as its non-root user with the Docker socket's group:
#   docker run --rm -v /var/run/docker.sock:/var/run/docker.sock \
#     --group-add "$(stat -c %g /var/run/docker.sock)" -v "$PWD:/reports" dockmedic scan
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

# 1. The shaded jar.
FROM ${BUILD_IMAGE} AS build
WORKDIR /build
COPY pom.xml ./
# Dependencies and plugins get their own layer, so a source change does not fetch them again.
RUN mvn -B -ntp -q dependency:go-offline
COPY src/main src/main
ARG GIT_COMMIT=
RUN mvn -B -ntp -q package -Dmaven.test.skip=true ${GIT_COMMIT:+-Ddockmedic.commit=$GIT_COMMIT} \
 && cp target/dockmedic.jar /build/dockmedic.jar

# 2. An AppCDS archive: the classes that start-up, help, a scan of a saved log and `tasks list` load,
#    recorded from training runs and dumped once; the JVM then maps them instead of loading and
#    verifying them. No API server answers here: `tasks list` runs against a closed loopback port, up
#    to its "cannot reach" exit (2), which loads the Kubernetes client short of the TLS handshake.
#    Made on the same base and the same jar path as the final stage (an archive is valid only there).
FROM ${RUNTIME_IMAGE} AS cds
COPY --from=build /build/dockmedic.jar /opt/dockmedic/dockmedic.jar
COPY src/test/resources/fixtures/jvm-exceptions.log src/test/resources/fixtures/postgres-faults.log /tmp/training/
RUN set -e; cd /tmp/training; jar=/opt/dockmedic/dockmedic.jar; \
    java -XX:DumpLoadedClassList=help.classes -jar $jar --help >/dev/null; \
    java -XX:DumpLoadedClassList=version.classes -jar $jar version >/dev/null; \
    java -XX:DumpLoadedClassList=scan-help.classes -jar $jar scan --help >/dev/null; \
    java -XX:DumpLoadedClassList=operator-help.classes -jar $jar operator --help >/dev/null; \
    java -XX:DumpLoadedClassList=scan-jvm.classes -jar $jar scan --file jvm-exceptions.log --output out >/dev/null; \
    java -XX:DumpLoadedClassList=scan-pg.classes -jar $jar scan --file postgres-faults.log --format json >/dev/null; \
    printf '%s\n' 'apiVersion: v1' 'kind: Config' 'current-context: none' \
      'clusters: [{name: none, cluster: {server: "https://127.0.0.1:9"}}]' 'users: [{name: none, user: {token: none}}]' \
      'contexts: [{name: none, context: {cluster: none, user: none, namespace: default}}]' > unreachable.kubeconfig; \
    rc=0; java -XX:DumpLoadedClassList=tasks-list.classes -jar $jar tasks list --kubeconfig unreachable.kubeconfig \
      >/dev/null 2>&1 || rc=$?; [ "$rc" = 2 ] || { echo "tasks list training run ended with $rc, not 2"; exit 1; }; \
    awk '!seen[$0]++' *.classes > all.classes; \
    java -Xshare:dump -XX:SharedClassListFile=all.classes -XX:SharedArchiveFile=/opt/dockmedic/dockmedic.jsa \
      -cp $jar >dump.log 2>&1 || { tail -n 20 dump.log; exit 1; }

# 3. The runtime: a JRE, the jar and its archive, a non-root user.
FROM ${RUNTIME_IMAGE}
ARG VERSION=0.1.0-SNAPSHOT
ARG GIT_COMMIT=
ARG SOURCE=
# SPDX identifier of the project's licence (LICENSE, and <licenses> in pom.xml).
ARG LICENSE=Apache-2.0
LABEL org.opencontainers.image.title="dockmedic" \
      org.opencontainers.image.description="Finds, tracks and remediates problems in Docker containers." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${GIT_COMMIT}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="${LICENSE}"
# uid/gid 10001: no clash with users of common bases. Reading the Docker socket needs its group:
# docker run --group-add "$(stat -c %g /var/run/docker.sock)" (Kubernetes: supplementalGroups).
RUN groupadd --system --gid 10001 dockmedic \
 && useradd --system --uid 10001 --gid dockmedic --home-dir /home/dockmedic --create-home dockmedic \
 && mkdir /reports && chown dockmedic:dockmedic /reports
COPY --from=build /build/dockmedic.jar /opt/dockmedic/dockmedic.jar
COPY --from=cds /opt/dockmedic/dockmedic.jsa /opt/dockmedic/dockmedic.jsa
COPY LICENSE /opt/dockmedic/LICENSE
USER 10001:10001
# `scan` writes its reports to the working folder: mount a volume here.
WORKDIR /reports
# The operator's /healthz on its metrics port (DOCKMEDIC_METRICS_PORT, default 8080), probed with bash
# alone: no curl in the image, and no second JVM every 30 s. One-shot `scan` runs end within the start
# period; a long-running `scan` loop (deploy/compose) turns the check off.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${DOCKMEDIC_METRICS_PORT:-8080} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && read -r -t 5 status <&3 && [[ $status == *' 200 '* ]]"]
# -Xshare:auto: should the archive ever not match (another JVM build), the JVM starts without it.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/dockmedic/dockmedic.jsa", "-Xshare:auto", "-XX:MaxRAMPercentage=75", "-jar", "/opt/dockmedic/dockmedic.jar"]
CMD ["--help"]
