package io.dockmedic.docker;

import io.dockmedic.core.container.LogSource;

/** The runtime contract against the real Docker engine with every log read through the engine's API. */
class DockerApiRuntimeContractIT extends DockerRuntimeContractIT {

    @Override
    protected DockerSettings settings() {
        return DockerSettings.fromEnvironment(System.getenv()).withLogFiles(false);
    }

    @Override
    protected String expectedWay() {
        return LogSource.API;
    }
}
