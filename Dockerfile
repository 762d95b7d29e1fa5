# The dockmedic image: `mvn -B package -DskipTests` first, then
#   docker build -t dockmedic:dev .
# BASE may be any Debian bookworm image; without a registry use the locally imported one:
#   docker build --build-arg BASE=dockmedic-test/debian:bookworm -t dockmedic:dev .
ARG BASE=debian:bookworm-slim
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*
COPY target/dockmedic.jar /opt/dockmedic/dockmedic.jar
# Reports land in the working directory; mount a volume there for `scan`.
WORKDIR /reports
# Reading /var/run/docker.sock needs root or the socket's group; the Deployment runs it with the
# socket's group id rather than root where the cluster allows.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/dockmedic/dockmedic.jar"]
CMD ["--help"]
