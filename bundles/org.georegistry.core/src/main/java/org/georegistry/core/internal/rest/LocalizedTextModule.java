package org.georegistry.core.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.Map;
import org.georegistry.api.model.LocalizedText;

/** LocalizedText in JSON: an object of texts by locale ({@code {"en": "..", "fr": ".."}}); a plain string is the default text. */
final class LocalizedTextModule extends SimpleModule {

    private static final long serialVersionUID = 1L;
    private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {};

    LocalizedTextModule() {
        super("LocalizedText");
        addSerializer(LocalizedText.class, new JsonSerializer<>() {
            @Override
            public void serialize(LocalizedText value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeObject(value.values());
            }
        });
        addDeserializer(LocalizedText.class, new JsonDeserializer<>() {
            @Override
            public LocalizedText deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (p.currentToken() == JsonToken.VALUE_STRING) {
                    return LocalizedText.of(p.getText());
                }
                Map<String, String> texts = ctxt.readValue(p, ctxt.getTypeFactory().constructType(TEXTS));
                if (texts == null || texts.containsValue(null)) {
                    // a null text would surface later as a failure far from the request that sent it
                    return ctxt.reportInputMismatch(LocalizedText.class, "Texts must be strings");
                }
                return new LocalizedText(texts);
            }
        });
    }
}
