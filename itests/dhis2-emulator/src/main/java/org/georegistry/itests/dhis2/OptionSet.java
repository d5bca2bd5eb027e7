package org.georegistry.itests.dhis2;

import java.util.List;

public record OptionSet(String id, String code, String name, String valueType, List<Option> options, String created,
        String lastUpdated) {

    public record Option(String id, String code, String name, int sortOrder) {
    }

    boolean hasOptionCode(String optionCode) {
        for (Option option : options) {
            if (option.code() != null && option.code().equals(optionCode)) {
                return true;
            }
        }
        return false;
    }
}
