package dev.migrationbot.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against real PostgreSQL: test methods may declare a {@link TestDatabase}
 * parameter and get a fresh, empty database on the embedded server of the major chosen with {@code
 * -Dpg.version} (default 16).
 *
 * <p>Tagged {@code postgres} so the build can rerun exactly these tests on other majors.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("postgres")
@ExtendWith(PostgresExtension.class)
public @interface PostgresTest {}
