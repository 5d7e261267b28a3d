package io.tickring.engine.stage.model;

/**
 * A model that cannot run with this configuration: unreadable, or its declared input does not fit.
 */
public final class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
