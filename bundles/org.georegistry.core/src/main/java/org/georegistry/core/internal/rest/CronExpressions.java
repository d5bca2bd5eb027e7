package org.georegistry.core.internal.rest;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

/**
 * Cron expressions of synchronization configurations: the Unix 5-field definition ({@code minute hour
 * day-of-month month day-of-week}). The scheduler parses with the same parser as the validation, so whatever is
 * stored also runs.
 */
public final class CronExpressions {

    /** Thread-safe once built. */
    public static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private CronExpressions() {}

    /** Parses a stored expression. @throws IllegalArgumentException when it is not a valid Unix cron expression */
    public static Cron parse(String expression) {
        return UNIX.parse(expression.trim()).validate();
    }

    /** What is wrong with an expression, or null when it is valid. */
    public static String problem(String expression) {
        try {
            parse(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return "Not a valid cron expression (Unix, 5 fields: minute hour day-of-month month day-of-week): "
                    + e.getMessage();
        }
    }
}
