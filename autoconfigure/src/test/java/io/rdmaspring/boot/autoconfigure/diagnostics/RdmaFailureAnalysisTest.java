package io.rdmaspring.boot.autoconfigure.diagnostics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.rdmaspring.boot.core.RdmaResources;
import io.rdmaspring.verbs.RdmaUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The real path on a host without the device: opening RdmaResources fails in a bean method, and Spring Boot's
 * startup report shows this project's analysis. The device name exists nowhere, so the open fails with
 * RdmaUnavailableException on every host: without devices (as here) because there are none, else because none has
 * that name.
 */
@ExtendWith(OutputCaptureExtension.class)
class RdmaFailureAnalysisTest
{
    @Test
    void shouldReportWhyRdmaIsUnavailableWhenAnApplicationCannotOpenItsDevice(final CapturedOutput output)
    {
        final SpringApplication application = new SpringApplication(OpensDevice.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatExceptionOfType(RuntimeException.class).isThrownBy(application::run)
            .havingRootCause().isInstanceOf(RdmaUnavailableException.class);

        assertThat(output)
            .contains("APPLICATION FAILED TO START")
            .contains("Description:")
            .contains("RDMA is not available: No RDMA device")
            .contains("Action:")
            .contains("Give this application an RDMA device:")
            .contains("spring.autoconfigure.exclude=io.rdmaspring.boot.autoconfigure.RdmaAutoConfiguration");
    }

    @Configuration(proxyBeanMethods = false)
    static class OpensDevice
    {
        @Bean(destroyMethod = "close")
        RdmaResources rdmaResources()
        {
            return RdmaResources.open("no-such-rdma-device0", 1, null, 0);
        }
    }
}
