package io.rdmaspring.boot.it;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The sending application of the RDMA integration tests: only the auto-configured RdmaTemplate. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class ProducerApplication
{
}
