package io.rdmaspring.boot.annotation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rdmaspring.boot.converter.RdmaMessageConverter;
import io.rdmaspring.boot.listener.RdmaListenerContainerFactory;
import io.rdmaspring.boot.listener.RdmaListenerEndpoint;

/** Records the endpoints it is given and builds {@link FakeContainer}s with the default converter. */
final class FakeContainerFactory implements RdmaListenerContainerFactory<FakeContainer>
{
    final List<RdmaListenerEndpoint> endpoints = new CopyOnWriteArrayList<>();

    @Override
    public FakeContainer createListenerContainer(final RdmaListenerEndpoint endpoint)
    {
        endpoints.add(endpoint);
        return new FakeContainer(endpoint, endpoint.createMessageListener(RdmaMessageConverter.defaultConverter()));
    }
}
